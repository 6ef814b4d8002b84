import type { PackageTask } from './discover.js'
import { collectEvery } from './gc.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'

export interface WorkerInput {
  task: PackageTask
  settings: RunSettings
}

export default async function processInWorker({ task, settings }: WorkerInput): Promise<PackageReport> {
  await collectEvery(task.targets.length + task.context.length)
  return runPackageTask(task, settings)
}
