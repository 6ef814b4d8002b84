import { availableParallelism } from 'node:os'
import { discover, type Discovery, type PackageTask } from './discover.js'
import { changedSince } from './git.js'
import { inShard, type Shard } from './shard.js'
import { codemodsFor, runPackageTask } from './task.js'
import { checkRuleOptions } from './select.js'
import type { PackageReport, RunSettings } from './types.js'
import { ReportStore, type StoredPackageReport } from './report-store.js'
import type { Codemod } from '../codemod/types.js'

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
}

export interface RunResult {
  packages: PackageReport[]
  discovery: Discovery
  codemods: Codemod[]
  filesScanned: number
  elapsedMs: number
  timings?: Record<string, number>
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
  const codemods = await codemodsFor(options.settings)
  checkRuleOptions(codemods, options.settings.ruleOptions)
  const t0 = performance.now()
  const discovery = discover(options.paths, options.exclude ?? [])
  const packages = narrow(discovery.packages, options)
  const discoverMs = performance.now() - t0
  const total = packages.reduce((n, p) => n + p.targets.length, 0)
  const jobs = Math.max(1, options.jobs ?? availableParallelism())
  let done = 0
  const progress = (files: number) => {
    done += files
    options.onProgress?.(done, total)
  }
  const store = new ReportStore(options.reportMemory)
  if (jobs === 1 || total < POOL_THRESHOLD || packages.length === 1) {
    for (const task of packages) {
      const r = await runPackageTask(task, options.settings)
      progress(r.files.length)
      store.add(r)
    }
  } else {
    const reportDir = store.dir()
    await runInPool(packages, options.settings, jobs, reportDir, (r) => {
      progress(r.files.length)
      if (reportDir) store.addStored(r as StoredPackageReport)
      else store.add(r as PackageReport)
    })
  }

  const reports = store.packages()
  let timings: Record<string, number> | undefined
  if (options.settings.profile) {
    timings = { discover: discoverMs }
    for (const r of reports) for (const [k, v] of Object.entries(r.timings ?? {})) timings[k] = (timings[k] ?? 0) + v
  }
  return { packages: reports, discovery, codemods, filesScanned: total, elapsedMs: performance.now() - started, timings, dispose: () => store.dispose() }
}

/** Worker processes grown past this are replaced (at most every few packages per worker). */
const RECYCLE_AT_BYTES = 144 * 1024 * 1024

async function runInPool(packages: PackageTask[], settings: RunSettings, jobs: number, reportDir: string | undefined, arrived: (r: StoredPackageReport | PackageReport) => void): Promise<void> {
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
