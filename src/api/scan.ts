import { resolve, sep } from 'node:path'
import { run, type RunResult } from '../runner/run.js'
import { dirtyFiles } from '../runner/git.js'
import { findGo } from '../runner/go-toolchain.js'
import { displayPath } from '../report/paths.js'
import { toJsonReport, type JsonReport } from '../report/machine.js'
import { UsageError } from './errors.js'
import { asOption, resolveScan, type OptionNamer, type ResolvedScan, type ScanOptions } from './options.js'

/** Progress callbacks of a run: files fixed, then (with verify) packages checked. */
export interface ScanProgress {
  onProgress?: (done: number, total: number) => void
  onVerifyProgress?: (done: number, total: number) => void
}

/**
 * Runs a resolved scan: refuses what cannot be done safely before anything
 * is read (verify without a go command; writing over uncommitted changes
 * unless allowed), then runs it.
 */
export async function runScan(scan: ResolvedScan, progress: ScanProgress = {}, name: OptionNamer = asOption): Promise<RunResult> {
  const { settings, paths } = scan
  if (scan.verify && !findGo()) throw new UsageError(`${name('verify')} needs the go command, and none is on PATH; install Go or add its bin directory to PATH`)
  if (settings.write && !scan.allowDirty) {
    const goDirty = [...dirtyFiles(paths, settings.cwd)].filter((p) => p.endsWith('.go')).sort()
    const given = paths.map((p) => resolve(settings.cwd, p))
    const inside = goDirty.filter((f) => given.some((g) => f === g || f.startsWith(g.endsWith(sep) ? g : g + sep)))
    if (inside.length > 0) {
      throw new UsageError(
        `${name('write')} refuses to touch Go files with uncommitted changes (${inside.length}, e.g. ${displayPath(inside[0], settings.cwd)}); commit or stash them, or pass ${name('allowDirty')}`,
      )
    }
    // The others (beside a named file) are refused only if a fix reaches them.
    settings.dirty = goDirty
  }
  return run({
    paths,
    settings,
    jobs: scan.jobs,
    since: scan.since,
    shard: scan.shard,
    exclude: scan.config?.exclude,
    verify: scan.verify,
    onProgress: progress.onProgress,
    onVerifyProgress: progress.onVerifyProgress,
  })
}

export interface ScanReportOptions extends ScanOptions, ScanProgress {
  /** Add the per-rule counts (`statistics`), as --statistics does. */
  statistics?: boolean
}

/**
 * Scans Go files and directories (default: the working directory) and
 * returns the document `guidefix --format json` prints: files that changed
 * or had problems, the findings left, the summary and the rules that ran.
 * With `write: true` the fixes are written first, and the findings are what
 * is left after them.
 */
export async function scan(paths: readonly string[] = [], options: ScanReportOptions = {}): Promise<JsonReport> {
  const resolved = await resolveScan(paths, options)
  const result = await runScan(resolved, options)
  try {
    return toJsonReport(result, resolved.settings.cwd, options.statistics ?? false)
  } finally {
    result.dispose?.()
  }
}
