import type { PackageTask } from './discover.js'
import { ReportWriter, type StoredPackageReport } from './report-store.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'

export interface WorkerInput {
  task: PackageTask
  settings: RunSettings
  /** The run's report folder: file reports are written there, and only where they are goes back. */
  reportDir?: string
}

let writer: ReportWriter | undefined

export default async function processInWorker({ task, settings, reportDir }: WorkerInput): Promise<StoredPackageReport | PackageReport> {
  const report = await runPackageTask(task, settings)
  if (!reportDir) return { ...report, workerMemory: process.memoryUsage().rss }
  if (writer?.file.startsWith(reportDir) !== true) writer = new ReportWriter(reportDir)
  return { ...writer.store(report), workerMemory: process.memoryUsage().rss }
}
