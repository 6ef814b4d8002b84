import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { PackageTask } from './discover.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'

// Parsed trees hold native memory V8 does not see, so V8 rarely collects
// their wrappers on its own; collecting every so many files keeps memory flat.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void
const FILES_PER_COLLECTION = 100
let filesSinceCollection = 0

export interface WorkerInput {
  task: PackageTask
  settings: RunSettings
}

export default async function processInWorker({ task, settings }: WorkerInput): Promise<PackageReport> {
  if (filesSinceCollection >= FILES_PER_COLLECTION) {
    filesSinceCollection = 0
    collect()
  }
  filesSinceCollection += task.targets.length + task.context.length
  return runPackageTask(task, settings)
}
