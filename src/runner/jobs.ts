import { availableParallelism } from 'node:os'

/** The most worker processes a run starts: one per core, as more only take turns on them. */
export function maxJobs(): number {
  return availableParallelism()
}
