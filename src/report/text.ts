import { createColors } from 'picocolors'
import type { Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import type { FileReport } from '../runner/types.js'
import { allFiles, allFindings, summarize, type Summary } from './summary.js'
import { displayPath } from './paths.js'
import { map } from './iterables.js'
import { verifyLines, verifySummary } from './verify-report.js'

export interface TextOptions {
  color: boolean
  cwd: string
  write: boolean
  list: boolean
  quiet: boolean
}

type Colors = ReturnType<typeof createColors>

function colorDiff(diff: string, c: Colors): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- ') || line.startsWith('+++ ')) return c.bold(line)
      if (line.startsWith('@@')) return c.cyan(line)
      if (line.startsWith('+')) return c.green(line)
      if (line.startsWith('-')) return c.red(line)
      return line
    })
    .join('\n')
}

function findingLine(f: Finding, cwd: string, c: Colors): string {
  let mark = ''
  if (f.fixed) mark = c.green(' [fixed]')
  else if (f.fixable === 'suggest') mark = c.yellow(' [suggested fix: --unsafe]')
  else if (f.fixable === 'safe') mark = c.yellow(' [fix not applied]')
  const where = `${displayPath(f.path, cwd)}:${f.start.line}:${f.start.column}`
  return `${c.bold(where)}  ${c.magenta(f.ruleId)}  ${c.dim(f.section)}  ${f.message}${mark}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function summaryLine(s: Summary, write: boolean): string {
  const parts = [
    `${plural(s.filesScanned, 'file')} scanned`,
    `${plural(s.filesChanged, 'file')} ${write ? 'changed' : 'would change'}`,
    `fixes: ${s.fixes.safe} safe, ${s.fixes.suggest} suggest`,
    plural(s.findings, 'finding'),
  ]
  const skipped = Object.entries(s.skipped)
  if (skipped.length > 0) {
    const total = skipped.reduce((n, [, v]) => n + v, 0)
    parts.push(`${total} skipped (${skipped.map(([k, v]) => `${v} ${k}`).join(', ')})`)
  }
  if (s.errors > 0) parts.push(plural(s.errors, 'error'))
  return `${parts.join('; ')} in ${(s.elapsedMs / 1000).toFixed(2)}s`
}

/** The default report, a line (or a diff) at a time: diffs, then findings, then problems, then one summary line. */
export function* textChunks(result: RunResult, o: TextOptions): Generator<string> {
  const c = createColors(o.color)
  const files = allFiles(result)
  if (o.list) {
    for (const f of files) if (f.diff) yield displayPath(f.path, o.cwd) + '\n'
    return
  }
  // Sections are separated by a blank line: one is due before any section but the first.
  let wrote = false
  const section = function* (lines: Iterable<string>): Generator<string> {
    let first = true
    for (const line of lines) {
      if (first && wrote) yield '\n'
      first = false
      wrote = true
      yield line + '\n'
    }
  }
  if (!o.write) yield* section(diffs(files, o, c))
  yield* section(map(allFindings(files), (f) => findingLine(f, o.cwd, c)))
  yield* section(problems(result, files, o.cwd).map((p) => c.red(p)))
  if (result.verify) yield* section(verifyLines(result.verify, o.cwd).map((l) => (l.startsWith(' ') ? l : c.yellow(l))))
  if (!o.quiet) yield* section([c.dim(summaryLine(summarize(result), o.write) + (result.verify ? `; ${verifySummary(result.verify)}` : ''))])
}

function* diffs(files: FileReport[], o: TextOptions, c: Colors): Generator<string> {
  for (const f of files) if (f.diff) yield o.color ? colorDiff(f.diff.replace(/\n$/, ''), c) : f.diff.replace(/\n$/, '')
}

function problems(result: RunResult, files: FileReport[], cwd: string): string[] {
  const out: string[] = []
  for (const m of result.discovery.missing) out.push(`${m}: no such file or directory, or not a .go file`)
  for (const f of files) {
    const where = displayPath(f.path, cwd)
    if (f.status === 'skipped' && (f.skipReason === 'syntax-error' || f.skipReason === 'unreadable')) out.push(`${where}: skipped, ${f.skipReason === 'syntax-error' ? f.detail : `unreadable (${f.detail})`}`)
    for (const e of f.errors) out.push(`${where}: ${e}`)
  }
  return out
}
