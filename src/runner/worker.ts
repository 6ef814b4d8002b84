import type { PackageTask } from './discover.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'

export interface WorkerInput {
  task: PackageTask
  settings: RunSettings
}

export default async function processInWorker({ task, settings }: WorkerInput): Promise<PackageReport> {
  const report = await runPackageTask(task, settings)
  return { ...report, workerMemory: process.memoryUsage().rss }
}
