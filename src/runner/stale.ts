import { readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processAlive } from './liveness.js'

/** The name of a temporary folder of this process: the pid in it tells a later run whether its owner is gone. */
export function tempFolderPrefix(kind: 'report' | 'fmt'): string {
  return join(tmpdir(), `guidefix-${kind}-${process.pid}-`)
}

const OWNED = /^guidefix-(?:report|fmt)-(\d+)-/

/**
 * Removes the temporary folders of runs that were killed (SIGKILL skips
 * every clean-up): only those whose process is gone, so a run going on at
 * the same time keeps its own.
 */
export function removeStaleTempFolders(): void {
  let names: string[]
  try {
    names = readdirSync(tmpdir())
  } catch {
    return
  }
  for (const name of names) {
    const m = OWNED.exec(name)
    if (!m || processAlive(Number(m[1]))) continue
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true })
    } catch {
      /* another user's, or already gone */
    }
  }
}
