import { lineHunks, type Hunk } from '../text/line-diff.js'
import { literalEnd } from './go-line.js'

export type { Hunk }

/** Where `text` differs from `original`, line by line, without context. */
export function changedHunks(original: string, text: string): Hunk[] {
  return lineHunks(original, text, 0)
}

/**
 * Whether gofmt would leave `text` as it is, given that it left `original`
 * as it was and `text` is `original` with some fixes: true only when every
 * changed line is one gofmt has nothing to say about. That holds when
 *
 * - a changed line keeps its tab indentation, has no tabs or runs of
 *   spaces inside (gofmt's alignment padding) and no comment;
 * - on a line changed in place, nothing but closing brackets and
 *   punctuation follows the change: gofmt aligns the cells of a line
 *   (struct fields, keyed values, grouped specs, trailing comments), and only
 *   a cell with another cell after it affects the layout of its neighbours;
 *   nor may the change split a cell in two (an embedded field given a name)
 *   or join two, unless the line is a statement, which gofmt never aligns;
 * - an added or removed line has no commented line right next to it (it
 *   would split or join a block of aligned comments), is indented like a
 *   neighbour, and leaves no two blank lines in a row.
 *
 * Anything else goes through gofmt. `hunks` gives `changedHunks(original,
 * text)`, asked for only when the texts are not the same words swapped.
 */
export function keepsLayout(original: string, text: string, hunks: () => Hunk[]): boolean {
  if (original === text || sameLayout(original, text)) return true
  const lines = text.split('\n')
  for (const h of hunks()) {
    const removed = h.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1))
    const added = h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1))
    if (![...removed, ...added].every(plainLine)) return false
    if (removed.length === added.length) {
      for (let i = 0; i < added.length; i++) if (!onlyClosingAfterChange(removed[i], added[i]) || splitsCells(removed[i], added[i])) return false
      continue
    }
    // Where the hunk sits in the new text (0-based), and the lines just before and after it.
    const first = h.newStart - 1
    const before = lines[first - 1]
    const after = lines[first + added.length]
    if (hasComment(before) || hasComment(after)) return false
    for (const line of added) {
      if (line !== '' && indentOf(line) !== indentOf(before ?? '') && indentOf(line) !== indentOf(after ?? '')) return false
    }
    for (let i = Math.max(first - 1, 1); i <= first + added.length; i++) if (lines[i] === '' && lines[i - 1] === '') return false
  }
  return true
}

/**
 * True when two texts differ only in letters, digits and underscores swapped
 * one for one (`%v` → `%w`, a rename of equal length).
 */
function sameLayout(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  const word = /[A-Za-z0-9_]/
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !(word.test(a[i]) && word.test(b[i]))) return false
  }
  return true
}

function plainLine(line: string): boolean {
  const body = line.replace(/^\t*/, '')
  return !/^ |\t| {2}| $/.test(body) && !hasComment(line)
}

function hasComment(line: string | undefined): boolean {
  return line !== undefined && (line.includes('//') || line.includes('/*'))
}

function indentOf(line: string): string {
  return /^\t*/.exec(line)![0]
}

/** A line that can only be a statement: gofmt aligns no part of it with its neighbours' (but a trailing comment, which a changed line never has). */
const STATEMENT = /^\t*(return|if|for|switch|select|go|defer|case|else|\} else)\b/

/** The blanks of a line outside brackets and literals: where gofmt may cut it into cells. */
function topLevelBlanks(line: string): { count: number; shortDecl: boolean } {
  let depth = 0
  let count = 0
  let shortDecl = false
  const body = line.replace(/^\t*/, '')
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === '"' || c === "'" || c === '`') i = literalEnd(body, i)
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (c === ' ' && depth === 0) {
      count++
      if (body.startsWith(' := ', i)) shortDecl = true
    }
  }
  return { count, shortDecl }
}

/** Whether a line changed in place now has a cell more or fewer than before, where gofmt may align cells. */
function splitsCells(before: string, after: string): boolean {
  const a = topLevelBlanks(before)
  const b = topLevelBlanks(after)
  if (a.count === b.count) return false
  return !(STATEMENT.test(after) || a.shortDecl || b.shortDecl)
}

/** Whether nothing that could be another aligned cell follows the changed part of a line: no space, except before a final `{`. */
function onlyClosingAfterChange(before: string, after: string): boolean {
  let same = 0
  while (same < before.length && same < after.length && before[before.length - 1 - same] === after[after.length - 1 - same]) same++
  return !/\s/.test(after.slice(after.length - same).replace(/ \{$/, ''))
}

/** Whether every line gofmt changed in `text` lies next to a line the fixes changed (`fixed`: the fixes' hunks). */
export function withinFixedLines(fixed: Hunk[], text: string, formatted: string): boolean {
  const near = new Set<number>()
  for (const h of fixed) {
    for (let l = h.newStart - 1; l <= h.newStart + Math.max(h.newLines, 1); l++) near.add(l)
  }
  for (const h of changedHunks(text, formatted)) {
    for (let l = h.oldStart; l < h.oldStart + Math.max(h.oldLines, 1); l++) if (!near.has(l)) return false
  }
  return true
}
