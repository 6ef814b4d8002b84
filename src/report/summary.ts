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
  skipped: Record<string, number>
  errors: number
  elapsedMs: number
}

export function allFiles(result: RunResult): FileReport[] {
  return result.packages.flatMap((p) => p.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

export function allFindings(files: FileReport[]): Finding[] {
  return files
    .flatMap((f) => f.findings)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start.line - b.start.line || a.start.column - b.start.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)))
}

export function summarize(result: RunResult): Summary {
  const files = allFiles(result)
  const skipped: Record<string, number> = {}
  for (const f of files) if (f.status === 'skipped' && f.skipReason) skipped[f.skipReason] = (skipped[f.skipReason] ?? 0) + 1
  for (const [reason, n] of Object.entries(result.discovery.skippedDirs)) if (n > 0) skipped[`${reason} dir`] = n
  const findings = allFindings(files)
  return {
    filesScanned: result.filesScanned,
    filesChanged: files.filter((f) => f.diff).length,
    fixes: files.reduce((acc, f) => ({ safe: acc.safe + f.fixes.safe, suggest: acc.suggest + f.fixes.suggest }), { safe: 0, suggest: 0 }),
    findings: findings.length,
    fixableNotApplied: findings.filter((f) => f.fixable && !f.fixed).length,
    skipped,
    errors: files.reduce((n, f) => n + f.errors.length, 0) + result.discovery.missing.length,
    elapsedMs: result.elapsedMs,
  }
}
