import { createColors } from 'picocolors'
import type { Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import type { FileReport } from '../runner/types.js'
import { allFiles, allFindings, summarize, type Summary } from './summary.js'
import { displayPath } from './paths.js'
import { map } from './iterables.js'
import { renderStatistics, ruleStatistics } from './statistics.js'
import { verifyLines, verifySummary } from './verify-report.js'

export interface TextOptions {
  color: boolean
  cwd: string
  /** The repository root machine formats give locations from (SARIF); default: cwd. */
  root?: string
  write: boolean
  /** Whether suggested fixes were applied (--unsafe). */
  unsafe?: boolean
  list: boolean
  quiet: boolean
  /** One table of counts per rule in place of the diffs and the finding list. */
  statistics?: boolean
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

/** `fixes: 2 safe, 0 suggested, 11 suggested pending (use --unsafe)`: what was (or would be) applied, and what waits. */
function fixesPart(s: Summary, unsafe: boolean): string {
  const parts = [`${s.fixes.safe} safe`, `${s.fixes.suggest} suggested`]
  if (s.pending.suggest > 0) parts.push(`${s.pending.suggest} suggested pending${unsafe ? '' : ' (use --unsafe)'}`)
  if (s.pending.safe > 0) parts.push(`${s.pending.safe} safe not applied`)
  return `fixes: ${parts.join(', ')}`
}

export function summaryLine(s: Summary, write: boolean, unsafe = false): string {
  const parts = [
    `${plural(s.filesScanned, 'file')} scanned`,
    `${plural(s.filesChanged, 'file')} ${write ? 'changed' : 'would change'}`,
    fixesPart(s, unsafe),
    plural(s.findings, 'finding'),
  ]
  if (s.ignoresAdded) parts.push(`${plural(s.ignoresAdded, 'baseline ignore comment')} ${write ? 'added' : 'to add'}`)
  const skipped = Object.entries(s.skipped)
  if (skipped.length > 0) {
    const total = skipped.reduce((n, [, v]) => n + v, 0)
    parts.push(`${total} skipped (${skipped.map(([k, v]) => `${v} ${k}`).join(', ')})`)
  }
  if (s.unsupportedSyntax > 0) parts.push(`${plural(s.unsupportedSyntax, 'file')} parsed with unsupported syntax`)
  if (s.errors > 0) parts.push(plural(s.errors, 'error'))
  if (s.gofmtNotRun) parts.push(`gofmt not run (${s.gofmtNotRun}): changed files are as the fixes wrote them`)
  return `${parts.join('; ')} in ${(s.elapsedMs / 1000).toFixed(2)}s`
}

/** The default report, a line (or a diff) at a time: diffs, then findings, then one summary line (problems go to stderr: see problemLines). */
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
  if (o.statistics) {
    yield* section(renderStatistics(ruleStatistics(files, result.codemods.map((m) => m.meta))))
  } else {
    if (!o.write) yield* section(diffs(files, o, c))
    yield* section(map(allFindings(files), (f) => findingLine(f, o.cwd, c)))
  }
  // Files analysed around syntax the grammar does not know: information for the reader, not a problem.
  yield* section(files.filter((f) => f.unsupportedSyntax).map((f) => c.dim(`${displayPath(f.path, o.cwd)}: ${f.unsupportedSyntax}`)))
  if (result.verify) yield* section(verifyLines(result.verify, o.cwd).map((l) => (l.startsWith(' ') ? l : c.yellow(l))))
  if (!o.quiet) yield* section([c.dim(summaryLine(summarize(result), o.write, o.unsafe ?? false) + (result.verify ? `; ${verifySummary(result.verify)}` : ''))])
}

function* diffs(files: FileReport[], o: TextOptions, c: Colors): Generator<string> {
  for (const f of files) if (f.diff) yield o.color ? colorDiff(f.diff.replace(/\n$/, ''), c) : f.diff.replace(/\n$/, '')
}

/** Skip reasons that, for a file named on the command line, mean it went unchecked: an error, not a skip. */
export function uncheckedNamed(f: FileReport, named: ReadonlySet<string>): boolean {
  return f.status === 'skipped' && f.skipReason !== 'generated' && named.has(f.path)
}

function skipText(f: FileReport): string {
  switch (f.skipReason) {
    case 'syntax-error':
    case 'timeout':
      return f.detail ?? f.skipReason
    case 'unreadable':
      return `unreadable (${f.detail})`
    case 'too-large':
      return `too large (${f.detail})`
    case 'not-utf8':
      return 'not UTF-8 text'
    case 'symlink':
      return 'a symbolic link (guidefix reads and writes regular files only)'
    default:
      return f.skipReason ?? 'skipped'
  }
}

/**
 * Every problem of a run, one line each, for standard error whatever the
 * report's format: paths that could not be taken, files that could not be
 * read or parsed (and files named on the command line that were not
 * checked, for any reason), and files not written.
 */
export function* problemLines(result: RunResult, cwd: string): Generator<string> {
  for (const p of result.discovery.problems) yield `${displayPath(p.path, cwd)}: ${p.reason}`
  const named = new Set(result.discovery.named)
  for (const f of allFiles(result)) {
    const where = displayPath(f.path, cwd)
    if (f.status === 'skipped' && (f.skipReason === 'syntax-error' || f.skipReason === 'timeout' || f.skipReason === 'unreadable' || uncheckedNamed(f, named))) {
      yield `${where}: ${named.has(f.path) ? 'not checked' : 'skipped'}, ${skipText(f)}`
    }
    for (const e of f.errors) yield `${where}: ${e}`
  }
}
