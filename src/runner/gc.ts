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
// Trees a large package's cache dropped have old wrappers, which only a full collection frees:
// one is due once they stand for this much source (about 9 MB of trees).
const DROPPED_SOURCE_PER_FULL = 256 * 1024
let filesSinceCollection = 0
let collections = 0
let droppedSinceFull = 0

/**
 * Counts files processed and the source of trees dropped; every 5 files,
 * or as soon as the dropped trees are worth a full collection, yields to
 * the event loop and collects garbage (fully every 20th time, or for the
 * dropped trees).
 */
export async function collectEvery(files: number, droppedSource = 0): Promise<void> {
  filesSinceCollection += files
  droppedSinceFull += droppedSource
  const full = droppedSinceFull >= DROPPED_SOURCE_PER_FULL
  if (!full && filesSinceCollection < FILES_PER_COLLECTION) return
  filesSinceCollection = 0
  await new Promise((resolve) => setImmediate(resolve))
  if (full) droppedSinceFull = 0
  collect(full || ++collections % COLLECTIONS_PER_FULL === 0 ? undefined : { type: 'minor' })
}
