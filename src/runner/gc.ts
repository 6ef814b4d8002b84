import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Parsed trees hold native memory V8 does not see, so V8 rarely collects
// their wrappers on its own and memory climbs with every file. Collecting
// every so many files, after the event loop has turned, keeps it flat.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void
const FILES_PER_COLLECTION = 10
let filesSinceCollection = 0

/** Counts files processed; every ~10 files (in practice before each package), yields to the event loop and collects garbage. */
export async function collectEvery(files: number): Promise<void> {
  filesSinceCollection += files
  if (filesSinceCollection < FILES_PER_COLLECTION) return
  filesSinceCollection = 0
  await new Promise((resolve) => setImmediate(resolve))
  collect()
}
