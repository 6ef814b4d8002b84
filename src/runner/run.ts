import { discover, type Discovery, type PackageTask } from './discover.js'
import { changedSince } from './git.js'
import { inShard, type Shard } from './shard.js'
import { codemodsFor, runPackageTask, type WriteControl } from './task.js'
import { forgetModuleScans } from './module-importers.js'
import { Interrupted, RunInterrupted } from './interrupted.js'
export { RunInterrupted } from './interrupted.js'
import type { PackageReport, RunSettings } from './types.js'
import { ReportStore, type StoredPackageReport } from './report-store.js'
import type { Codemod } from '../codemod/types.js'
import { withEngineChecks } from '../codemod/engine-checks.js'
import { lockRoots } from './lock.js'
import { GoModCache } from './gomod.js'
import { removeStaleTempFolders } from './stale.js'
import { writtenBy } from './written-log.js'
import { maxJobs } from './jobs.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireGo, type VerifyCheck } from './go-toolchain.js'
import { verifyRun, type VerifyReport } from './verify.js'

export interface RunOptions {
  paths: string[]
  settings: RunSettings
  jobs?: number
  since?: string
  shard?: Shard
  /** Extra .gitignore-style patterns to leave out. */
  exclude?: string[]
  onProgress?: (done: number, total: number) => void
  /** Bytes of diffs and findings kept in memory before later file reports go to a temporary folder (default REPORT_MEMORY). */
  reportMemory?: number
  /** Check every changed package with the Go toolchain and take back the fixes that break it (see verify.ts). */
  verify?: VerifyCheck[]
  onVerifyProgress?: (done: number, total: number) => void
}

export interface RunResult {
  packages: PackageReport[]
  discovery: Discovery
  /** The rules that ran; with --report-unused-ignores, the engine's unused-ignore check too (its check() does nothing). */
  codemods: Codemod[]
  filesScanned: number
  elapsedMs: number
  timings?: Record<string, number>
  /** With RunOptions.verify: what the toolchain said of each changed package, and what was rolled back. */
  verify?: VerifyReport
  /**
   * Removes the temporary folder that large runs keep file reports in
   * (done on exit anyway); the reports cannot be read after it.
   */
  dispose?: () => void
}

/** Below this many files a worker pool costs more to start than it saves. */
const POOL_THRESHOLD = 150

function narrow(packages: PackageTask[], options: RunOptions): PackageTask[] {
  let out = packages
  if (options.since) {
    const changed = changedSince(options.since, options.settings.cwd)
    out = out
      .map((p) => {
        const targets = p.targets.filter((t) => changed.has(t))
        return { ...p, targets, context: [...p.context, ...p.targets.filter((t) => !changed.has(t))].sort() }
      })
      .filter((p) => p.targets.length > 0)
  }
  if (options.shard) out = out.filter((p) => inShard(p.dir, options.settings.cwd, options.shard!))
  return out
}

/** Discovers the packages under the paths and runs every one, in a worker pool when it pays. */
export async function run(options: RunOptions): Promise<RunResult> {
  const started = performance.now()
  removeStaleTempFolders()
  const go = options.verify ? requireGo() : undefined
  const keepTexts = options.verify ? mkdtempSync(join(tmpdir(), 'guidefix-verify-')) : undefined
  if (keepTexts) options = { ...options, settings: { ...options.settings, keepTexts } }
  try {
    return await runAndVerify(options, started, go)
  } finally {
    if (keepTexts) rmSync(keepTexts, { recursive: true, force: true })
  }
}

async function runAndVerify(options: RunOptions, started: number, go: string | undefined): Promise<RunResult> {
  const codemods = await codemodsFor(options.settings)
  // Rule ids in overrides are checked before any package runs.
  for (const o of options.settings.overrides ?? []) await codemodsFor({ ...options.settings, rules: o.rules ?? [], skip: o.skip ?? [] })
  // A run in this process sees the module as it is now, not as an earlier run found it.
  forgetModuleScans()
  const t0 = performance.now()
  const discovery = discover(options.paths, options.exclude ?? [], options.settings.cwd)
  const packages = narrow(discovery.packages, options)
  const discoverMs = performance.now() - t0
  const total = packages.reduce((n, p) => n + p.targets.length, 0)
  const jobs = Math.min(Math.max(1, options.jobs ?? maxJobs()), maxJobs())
  let done = 0
  const progress = (files: number) => {
    done += files
    options.onProgress?.(done, total)
  }
  progress(0)
  // Held until the verification has put back what it rolls back: another run never sees a half-verified tree.
  const release = options.settings.write ? lockRoots(lockedRoots(packages)) : () => {}
  try {
    return await fixAndVerify(options, { codemods, discovery, packages, discoverMs, total, jobs, started, go, release, progress })
  } finally {
    release()
  }
}

interface RunPlan {
  codemods: Codemod[]
  discovery: Discovery
  packages: PackageTask[]
  discoverMs: number
  total: number
  jobs: number
  started: number
  go: string | undefined
  release: () => void
  progress: (files: number) => void
}

async function fixAndVerify(options: RunOptions, plan: RunPlan): Promise<RunResult> {
  const { codemods, discovery, packages, discoverMs, total, jobs, started, go, release, progress } = plan
  const store = new ReportStore(options.reportMemory)

  // Until the run is over, an interrupt stops it: no package is written after it.
  const written: string[] = []
  let stopped: NodeJS.Signals | undefined
  let abort = () => {}
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) {
      // A second interrupt does not wait for the package at hand: this turn of the event loop
      // falls between files, never inside a package's writes.
      store.dispose()
      release()
      process.exitCode = 130
      process.stderr.write(`guidefix: interrupted again; stopped at once\n`)
      process.exit(130)
    }
    stopped = signal
    abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const control: WriteControl = { shouldStop: () => stopped !== undefined, written: (path) => written.push(path) }
  const inPool = !(jobs === 1 || total < POOL_THRESHOLD || packages.length === 1)
  const reportDir = inPool ? store.dir() : undefined
  try {
    if (!inPool) {
      for (const task of packages) {
        if (stopped) throw new Interrupted()
        const r = await runPackageTask(task, options.settings, control)
        progress(r.files.length)
        store.add(r)
      }
    } else {
      await runInPool(packages, options.settings, jobs, reportDir, (r) => {
        progress(r.files.length)
        if (reportDir) store.addStored(r as StoredPackageReport)
        else {
          for (const f of (r as PackageReport).files) if (f.written) written.push(f.path)
          store.add(r as PackageReport)
        }
      }, (stop) => {
        abort = stop
        // An interrupt that came while the pool was being made stops it before any package starts.
        if (stopped) stop()
      })
    }
    if (stopped) throw new Interrupted()
  } catch (e) {
    if (stopped || e instanceof Interrupted) {
      const all = [...new Set([...written, ...(reportDir ? writtenBy(reportDir) : [])])].sort()
      store.dispose()
      throw new RunInterrupted(stopped ?? 'SIGINT', all)
    }
    store.dispose()
    throw e
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  store.guardSignals()

  let reports = store.packages()
  let verify: VerifyReport | undefined
  if (go && options.verify) {
    const settings = options.settings as RunSettings & { keepTexts: string }
    const checked = await verifyRun({ go, checks: options.verify, jobs, reports, tasks: packages, settings, codemods, onProgress: options.onVerifyProgress })
    verify = checked.report
    reports = reports.map((r) => checked.replaced.get(r.dir) ?? r)
  }
  let timings: Record<string, number> | undefined
  if (options.settings.profile) {
    timings = { discover: discoverMs }
    for (const r of reports) for (const [k, v] of Object.entries(r.timings ?? {})) timings[k] = (timings[k] ?? 0) + v
  }
  // The engine's own check is described like a rule wherever reports look rules up.
  const described = options.settings.reportUnusedIgnores ? withEngineChecks(codemods) : codemods
  return { packages: reports, discovery, codemods: described, filesScanned: total, elapsedMs: performance.now() - started, timings, verify, dispose: () => store.dispose() }
}

/** Where --write takes its locks: the module root of each package (its own directory outside a module). */
function lockedRoots(packages: readonly PackageTask[]): string[] {
  const mods = new GoModCache()
  return packages.map((p) => mods.lookup(p.dir).root ?? p.dir)
}

/** Worker processes grown past this are replaced (at most every few packages per worker). */
const RECYCLE_AT_BYTES = 144 * 1024 * 1024

async function runInPool(
  packages: PackageTask[],
  settings: RunSettings,
  jobs: number,
  reportDir: string | undefined,
  arrived: (r: StoredPackageReport | PackageReport) => void,
  onAbort: (stop: () => void) => void,
): Promise<void> {
  const { Tinypool } = await import('tinypool')
  // Processes, not threads: the parser allocates for every node it hands out, and threads of
  // one process contend for the allocator; separate processes scale with the cores.
  const pool = new Tinypool({
    filename: new URL('./worker.js', import.meta.url).href,
    runtime: 'child_process',
    // A small young generation: the wrappers die young, and the heap V8 would otherwise reserve is unused memory.
    // One thread for garbage collection: with a worker per core (the default), helper threads only take turns with the other worker.
    execArgv: ['--max-semi-space-size=1', '--single-threaded-gc'],
    minThreads: jobs,
    maxThreads: jobs,
    // Without it a worker process starts with an empty environment: no PATH, so no gofmt.
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
  })
  // Stopping ends the worker processes; each ends between packages, never within a package's writes.
  let stopping = false
  onAbort(() => {
    stopping = true
    void pool.destroy()
  })
  try {
    // The biggest packages start first so that none of them is left running alone at the end.
    const order = [...packages].sort((a, b) => b.targets.length + b.context.length - (a.targets.length + a.context.length))
    let done = 0
    let recycledAt = -Infinity
    await Promise.all(
      order.map(async (task) => {
        let r: StoredPackageReport | PackageReport
        try {
          r = (await pool.run({ task, settings, reportDir })) as StoredPackageReport | PackageReport
        } catch (e) {
          if (stopping) throw new Interrupted()
          throw new Error(`the worker processing ${task.dir} failed (${(e as Error).message}); --jobs 1 runs without workers`)
        }
        // The allocator keeps what a large package took; a fresh process gives it back.
        done++
        if ((r.workerMemory ?? 0) > RECYCLE_AT_BYTES && done - recycledAt >= jobs * 4) {
          recycledAt = done
          void pool.recycleWorkers()
        }
        delete r.workerMemory
        arrived(r)
      }),
    )
  } finally {
    await pool.destroy()
  }
}
