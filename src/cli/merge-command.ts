import { readFileSync } from 'node:fs'
import type { Codemod } from '../codemod/types.js'
import { JSON_FORMAT_VERSION, type JsonReport } from '../report/machine.js'
import { reportChunks, type ReportFormat } from '../report/render.js'
import type { RunResult } from '../runner/run.js'
import type { FileReport } from '../runner/types.js'
import { emptyReport } from '../runner/task.js'
import { UsageError } from './exit.js'
import type { VerifyReport } from '../runner/verify.js'
import { verifyExitCode } from './verify-flag.js'
import { exitCodeOf, type CommandOutput } from './run-command.js'

function readReport(file: string): JsonReport {
  let doc: JsonReport
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new UsageError(`${file}: not a guidefix JSON report (${(e as Error).message.split('\n')[0]})`)
  }
  if (doc?.tool !== 'guidefix' || doc.version !== JSON_FORMAT_VERSION) throw new UsageError(`${file}: not a guidefix --format json report of version ${JSON_FORMAT_VERSION}`)
  return doc
}

/** Rebuilds a run result from shard reports, so every output format can render the whole. */
function asRunResult(reports: JsonReport[]): RunResult {
  const files = new Map<string, FileReport>()
  const fileOf = (path: string) => {
    let f = files.get(path)
    if (!f) {
      f = emptyReport(path)
      files.set(path, f)
    }
    return f
  }
  const skippedDirs = { vendor: 0, testdata: 0, hidden: 0, gitignored: 0 }
  const rules = new Map<string, Codemod>()
  let symlinks = 0
  let scanned = 0
  let elapsed = 0
  let verify: VerifyReport | undefined
  for (const r of reports) {
    if (r.verify) verify = { checks: verify?.checks ?? r.verify.checks, packages: [...(verify?.packages ?? []), ...r.verify.packages], elapsedMs: Math.max(verify?.elapsedMs ?? 0, r.verify.elapsedMs) }
    // Reports that give a file's fix count are exact (a written fix leaves no finding); older ones are counted from findings.
    const counted = new Set<string>()
    for (const f of r.files) {
      Object.assign(fileOf(f.path), { status: f.status, skipReason: f.skipReason, detail: f.detail, unsupportedSyntax: f.unsupportedSyntax, diff: f.diff, errors: f.errors })
      if (f.fixes) {
        fileOf(f.path).fixes = { ...f.fixes }
        counted.add(f.path)
      }
    }
    for (const finding of r.findings) {
      const f = fileOf(finding.path)
      f.findings.push(finding)
      if (finding.fixed && finding.fixable && !counted.has(finding.path)) f.fixes[finding.fixable]++
    }
    for (const [k, v] of Object.entries(r.summary.skipped)) {
      const dir = k.replace(/ dir$/, '') as keyof typeof skippedDirs
      if (k.endsWith(' dir') && dir in skippedDirs) skippedDirs[dir] += v
      if (k === 'symlink') symlinks += v
    }
    for (const rule of r.rules) rules.set(rule.id, { meta: { ...rule, examples: [] }, check: () => {}, order: rules.size })
    scanned += r.summary.filesScanned
    elapsed = Math.max(elapsed, r.summary.elapsedMs)
  }
  return {
    packages: [{ dir: '.', files: [...files.values()] }],
    discovery: { packages: [], skippedDirs, symlinks, problems: [], named: [] },
    codemods: [...rules.values()],
    filesScanned: scanned,
    elapsedMs: elapsed,
    verify,
  }
}

export function mergeReports(files: string[], format: ReportFormat, statistics = false): CommandOutput {
  const reports = files.map(readReport)
  const result = asRunResult(reports)
  const cwd = process.cwd()
  const exitCode = Math.max(exitCodeOf(result, false), verifyExitCode(result.verify))
  return { chunks: reportChunks(result, format, { color: false, cwd, write: false, list: false, quiet: false, statistics }), exitCode }
}
