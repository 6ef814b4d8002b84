import type { Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import type { FileReport } from '../runner/types.js'

export interface Summary {
  filesScanned: number
  filesChanged: number
  fixes: { safe: number; suggest: number }
  findings: number
  /** Findings whose fix this run did not apply (suggest tier without --unsafe). */
  fixableNotApplied: number
  /** The same, by the tier of the fix: suggested fixes wait for --unsafe. */
  pending: { safe: number; suggest: number }
  skipped: Record<string, number>
  /** Files analysed around syntax the parser does not understand, though the Go parser accepts it. */
  unsupportedSyntax: number
  errors: number
  elapsedMs: number
  /** With --add-ignores: baseline comments added (or, in a dry run, that would be). */
  ignoresAdded?: number
  /** Set when gofmt was needed and could not run: why. The fixes were applied as the rules wrote them. */
  gofmtNotRun?: string
}

export function allFiles(result: RunResult): FileReport[] {
  return result.packages.flatMap((p) => p.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function byPosition(a: Finding, b: Finding): number {
  return a.start.line - b.start.line || a.start.column - b.start.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
}

/**
 * Every finding, by path, then position, then rule. A file's findings are
 * all on its own path and the files come sorted by path, so sorting each
 * file's in turn is enough: the findings of a large run are never all in
 * memory at once.
 */
export function* allFindings(files: Iterable<FileReport>): Generator<Finding> {
  for (const f of files) {
    const findings = f.findings
    if (findings.length > 0) yield* [...findings].sort(byPosition)
  }
}

export function summarize(result: RunResult): Summary {
  const skipped: Record<string, number> = {}
  const fixes = { safe: 0, suggest: 0 }
  let filesChanged = 0
  let findings = 0
  let fixableNotApplied = 0
  const pending = { safe: 0, suggest: 0 }
  let unsupportedSyntax = 0
  let errors = result.discovery.problems.length
  let ignoresAdded: number | undefined
  for (const f of allFiles(result)) {
    if (f.status === 'skipped' && f.skipReason) skipped[f.skipReason] = (skipped[f.skipReason] ?? 0) + 1
    if (f.diff) filesChanged++
    if (f.unsupportedSyntax) unsupportedSyntax++
    fixes.safe += f.fixes.safe
    fixes.suggest += f.fixes.suggest
    errors += f.errors.length
    if (f.ignoresAdded) ignoresAdded = (ignoresAdded ?? 0) + f.ignoresAdded
    for (const finding of f.findings) {
      findings++
      if (finding.fixable && !finding.fixed) {
        fixableNotApplied++
        pending[finding.fixable]++
      }
    }
  }
  for (const [reason, n] of Object.entries(result.discovery.skippedDirs)) if (n > 0) skipped[`${reason} dir`] = n
  if (result.discovery.symlinks > 0) skipped.symlink = (skipped.symlink ?? 0) + result.discovery.symlinks
  const gofmtNotRun = result.packages.find((p) => p.gofmtNotRun)?.gofmtNotRun
  return {
    filesScanned: result.filesScanned,
    filesChanged,
    fixes,
    findings,
    fixableNotApplied,
    pending,
    skipped,
    unsupportedSyntax,
    errors,
    elapsedMs: result.elapsedMs,
    ignoresAdded,
    ...(gofmtNotRun ? { gofmtNotRun } : {}),
  }
}
