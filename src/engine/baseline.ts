import type { Finding } from '../codemod/types.js'
import { literalEnd } from './go-line.js'

/**
 * The 1-based lines whose first character lies inside a raw string or a
 * block comment: a comment line cannot be put before them without changing
 * the string (or ending up inside the comment).
 */
export function linesStartingInside(text: string): Set<number> {
  const inside = new Set<number>()
  let line = 1
  let i = 0
  const n = text.length
  const newline = () => {
    line++
  }
  while (i < n) {
    const c = text[i]
    if (c === '\n') {
      newline()
      i++
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          newline()
          inside.add(line)
        }
        i++
      }
      i += 2
    } else if (c === '`') {
      i++
      while (i < n && text[i] !== '`') {
        if (text[i] === '\n') {
          newline()
          inside.add(line)
        }
        i++
      }
      i++
    } else if (c === '"' || c === "'") {
      i++
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1
      i++
    } else i++
  }
  return inside
}

export const BASELINE_REASON = 'baseline'

export interface AddedIgnores {
  text: string
  /** Comments written (one per line that had findings). */
  added: number
  /** Findings no comment could be put before (their line starts inside a raw string or a block comment). */
  refused: Finding[]
}

const EXISTING = /^(\s*)\/\/guidefix:ignore ([\w,-]+) -- baseline$/

/**
 * A comment line that speaks for the line after it: a hand-written
 * `//guidefix:ignore`, golangci-lint's `//nolint`, staticcheck's
 * `//lint:ignore`. A line put between it and its code would take that away.
 */
const NEXT_LINE_DIRECTIVE = /^\s*\/\/\s*(guidefix:ignore|nolint|lint:ignore)\b/

/** Whether one line of Go holds a comment outside its string and rune literals. */
export function hasComment(line: string): boolean {
  for (let i = 0; i < line.length; i = literalEnd(line, i) + 1) {
    if (line[i] === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) return true
  }
  return false
}

/**
 * Puts `//guidefix:ignore <ids> -- baseline` on a line of its own above each
 * line that has findings, indented like that line, so that a later run
 * reports nothing there. A baseline comment already above gains the new ids.
 * Under another directive for the line (a hand-written ignore, a `//nolint`)
 * the comment goes at the end of the line instead, so that both still apply;
 * where that line already ends in a comment or inside a raw string, the
 * findings stay findings.
 */
export function addIgnoreComments(text: string, findings: readonly Finding[]): AddedIgnores {
  const byLine = new Map<number, Set<string>>()
  const refused: Finding[] = []
  const blocked = linesStartingInside(text)
  for (const f of findings) {
    if (blocked.has(f.start.line)) {
      refused.push(f)
      continue
    }
    const ids = byLine.get(f.start.line) ?? new Set()
    ids.add(f.ruleId)
    byLine.set(f.start.line, ids)
  }
  if (byLine.size === 0) return { text, added: 0, refused }
  const lines = text.split('\n')
  let added = 0
  for (const lineNo of [...byLine.keys()].sort((a, b) => b - a)) {
    const ids = [...byLine.get(lineNo)!].sort()
    const comment = `//guidefix:ignore ${ids.join(',')} -- ${BASELINE_REASON}`
    const previous = lineNo >= 2 ? lines[lineNo - 2] : ''
    const above = EXISTING.exec(previous)
    if (above) {
      const merged = [...new Set([...above[2].split(','), ...ids])].sort()
      lines[lineNo - 2] = `${above[1]}//guidefix:ignore ${merged.join(',')} -- ${BASELINE_REASON}`
    } else if (NEXT_LINE_DIRECTIVE.test(previous)) {
      const line = lines[lineNo - 1].replace(/\r$/, '')
      if (blocked.has(lineNo + 1) || hasComment(line)) {
        refused.push(...findings.filter((f) => f.start.line === lineNo))
        continue
      }
      lines[lineNo - 1] = `${line} ${comment}${lines[lineNo - 1].endsWith('\r') ? '\r' : ''}`
    } else {
      const indent = /^[ \t]*/.exec(lines[lineNo - 1])![0]
      lines.splice(lineNo - 1, 0, `${indent}${comment}`)
    }
    added++
  }
  return { text: lines.join('\n'), added, refused }
}
