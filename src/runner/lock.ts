import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describeErrno } from './errno.js'
import { processAlive } from './liveness.js'

/** Left in a module root while a --write run works on it. */
export const LOCK_FILE = '.guidefix.lock'

/** Another run holds a lock this one needs. */
export class LockError extends Error {}

interface Holder {
  pid: number
  host: string
}

function readHolder(path: string): Holder | undefined {
  try {
    const [pid, host] = readFileSync(path, 'utf8').split('\n')
    return { pid: Number(pid), host: host ?? '' }
  } catch {
    return undefined
  }
}

/** Takes one lock; false when the folder cannot hold a file (read-only), which leaves it unlocked. */
function take(root: string): string | undefined {
  const path = join(root, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number
    try {
      fd = openSync(path, 'wx')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return undefined
      if (code !== 'EEXIST') throw new LockError(`cannot make ${path}: ${describeErrno(e)}`)
      const holder = readHolder(path)
      // A lock left by a run that was killed: its process is gone, so it is taken over.
      if (holder && holder.host === hostname() && !processAlive(holder.pid)) {
        try {
          unlinkSync(path)
        } catch {
          /* taken by someone else meanwhile: the next attempt says so */
        }
        continue
      }
      const who = holder ? `pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}` : 'another process'
      throw new LockError(`another guidefix --write (${who}) is changing files under ${root}; wait for it to finish (or delete ${LOCK_FILE} there if no such run is alive)`)
    }
    try {
      writeSync(fd, `${process.pid}\n${hostname()}\n`)
    } finally {
      closeSync(fd)
    }
    return path
  }
  throw new LockError(`cannot take the lock ${path}: another run took it meanwhile`)
}

/**
 * Locks the given module roots for a --write run: a file naming this
 * process in each, made only if absent, so two runs never write the same
 * tree at once. A lock whose process has died (a killed run) is taken
 * over. Returns the function that removes them (also done on exit).
 */
export function lockRoots(roots: readonly string[]): () => void {
  const held: string[] = []
  const release = () => {
    for (const path of held.splice(0)) {
      if (readHolder(path)?.pid !== process.pid) continue
      try {
        unlinkSync(path)
      } catch {
        /* already gone */
      }
    }
    process.off('exit', release)
  }
  process.on('exit', release)
  try {
    for (const root of [...new Set(roots)].sort()) {
      const path = take(root)
      if (path) held.push(path)
    }
  } catch (e) {
    release()
    throw e
  }
  return release
}
