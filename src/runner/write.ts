import { accessSync, chmodSync, constants, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Replaces a file's content atomically: a temporary file in the same
 * directory, the original mode, then a rename. A read-only file is refused
 * rather than replaced behind its owner's back.
 */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  // Checked by mode too: as root, access() allows writing a file its owner marked read-only.
  if ((mode & 0o222) === 0) throw Object.assign(new Error(`${path} is read-only`), { code: 'EACCES' })
  accessSync(path, constants.W_OK)
  const tmp = join(dirname(path), `.${basename(path)}.guidefix-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(tmp, text, { mode: mode & 0o7777 })
    chmodSync(tmp, mode & 0o7777)
    renameSync(tmp, path)
  } catch (e) {
    try {
      unlinkSync(tmp)
    } catch {
      /* nothing left to clean */
    }
    throw e
  }
}
