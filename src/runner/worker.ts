import type { PackageTask } from './discover.js'
import { ReportWriter, type StoredPackageReport } from './report-store.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'
import { logWritten } from './written-log.js'

export interface WorkerInput {
  task: PackageTask
  settings: RunSettings
  /** The run's report folder: file reports are written there, and only where they are goes back. */
  reportDir?: string
}

let writer: ReportWriter | undefined

// An interrupt (Ctrl-C reaches every process of the group; the main process ends the pool with
// SIGTERM) or the loss of the main process ends this one when the event loop next turns: never in
// the middle of a package's writes, which run without a turn, and never before a package that has
// yet to be written, since that waits for a turn first.
let stop = false
const parent = process.ppid
const end = () => {
  stop = true
  process.exit(130)
}
process.on('SIGINT', end)
process.on('SIGTERM', end)
process.on('disconnect', end)
const shouldStop = () => stop || process.ppid !== parent || process.connected === false

export default async function processInWorker({ task, settings, reportDir }: WorkerInput): Promise<StoredPackageReport | PackageReport> {
  const report = await runPackageTask(task, settings, { shouldStop, written: reportDir ? (path) => logWritten(reportDir, path) : undefined })
  if (!reportDir) return { ...report, workerMemory: process.memoryUsage().rss }
  if (writer?.file.startsWith(reportDir) !== true) writer = new ReportWriter(reportDir)
  return { ...writer.store(report), workerMemory: process.memoryUsage().rss }
}
