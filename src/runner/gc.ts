import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Parsed trees and node wrappers hold native memory V8 does not see, so V8
// rarely collects the wrappers on its own and memory climbs with every file.
// Collecting every so many files, after the event loop has turned (native
// memory is released then), keeps it flat. Most wrappers die young, so a
// cheap young-generation collection does most of the work; a full one now
// and then clears what survived into the old generation.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void
const FILES_PER_COLLECTION = 5
const COLLECTIONS_PER_FULL = 20
let filesSinceCollection = 0
let collections = 0

/** Counts files processed; every 5 files, yields to the event loop and collects garbage. */
export async function collectEvery(files: number): Promise<void> {
  filesSinceCollection += files
  if (filesSinceCollection < FILES_PER_COLLECTION) return
  filesSinceCollection = 0
  await new Promise((resolve) => setImmediate(resolve))
  collect(++collections % COLLECTIONS_PER_FULL === 0 ? undefined : { type: 'minor' })
}
