import { accessSync, constants, closeSync, fchmodSync, fchownSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { describeErrno } from './errno.js'
import { hashOf, type FileSnapshot } from './source-file.js'

/** A file guidefix chose not to write, and why: nothing went wrong on the device. */
export class WriteRefused extends Error {}

export interface PendingWrite {
  path: string
  text: string
  mode: number
  /** The file as it was read; it must still be so when the new text replaces it. */
  snapshot: FileSnapshot
}

export interface WriteOutcome {
  path: string
  /** Set when the file was not written: a one-line reason. */
  error?: string
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.guidefix-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
}

/** Why the file on disk is no longer the one that was read, or undefined when it still is. */
function changedSinceRead(path: string, snapshot: FileSnapshot): string | undefined {
  let st
  try {
    st = lstatSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'it was deleted after it was read; it was not recreated'
    throw e
  }
  if (st.isSymbolicLink()) return 'it was replaced by a symbolic link after it was read'
  const changed = 'it changed on disk after it was read; it was left as it is (run guidefix again)'
  if (st.size !== snapshot.size || st.mtimeMs !== snapshot.mtimeMs) return changed
  if (hashOf(readFileSync(path)) !== snapshot.hash) return changed
  return undefined
}

/** The new text in full in a temporary file beside the original, with its mode and owner. */
function prepare(w: PendingWrite): string {
  // Checked by mode too: as root, writing is allowed to a file its owner marked read-only.
  if ((w.mode & 0o222) === 0) throw new WriteRefused('the file is read-only; it was left unchanged')
  accessSync(w.path, constants.W_OK)
  const tmp = tempPathFor(w.path)
  const fd = openSync(tmp, 'wx', w.mode & 0o7777)
  try {
    const bytes = Buffer.from(w.text)
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at)
    if (process.getuid && (w.snapshot.uid !== process.getuid() || w.snapshot.gid !== process.getgid!())) {
      try {
        fchownSync(fd, w.snapshot.uid, w.snapshot.gid)
      } catch {
        throw new WriteRefused(`the file belongs to uid ${w.snapshot.uid}:${w.snapshot.gid} and a replacement could not keep that owner; it was left unchanged`)
      }
    }
    // After the owner: changing it clears set-id bits.
    fchmodSync(fd, w.mode & 0o7777)
  } catch (e) {
    closeSync(fd)
    removeQuietly(tmp)
    throw e
  }
  // Some file systems report a write they could not complete only here. (No fsync: like gofmt -w,
  // the kernel is trusted with the data; a sync per file would cost more than fixing it.)
  try {
    closeSync(fd)
  } catch (e) {
    removeQuietly(tmp)
    throw e
  }
  return tmp
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    /* nothing left to clean */
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof WriteRefused) return e.message
  return `${describeErrno(e)}; it was left unchanged`
}

/**
 * Replaces the files of one package, all or none as far as the device
 * allows: every new text is first written in full to a temporary file
 * beside its original (mode and owner kept), and only when all are
 * ready is each renamed over its original. A failure while preparing (a
 * full disk, a read-only file) leaves every file of the package as it was,
 * since a fix such as a rename spans files. Just before its rename, each
 * file is checked to be the one that was read (size, modification time,
 * content hash): one edited or deleted meanwhile is left alone and
 * reported, the others are written.
 */
export function writePackageFiles(writes: readonly PendingWrite[], onWritten: (path: string) => void = () => {}): WriteOutcome[] {
  const outcomes = new Map<PendingWrite, WriteOutcome>()
  const refuse = (w: PendingWrite, reason: string) => outcomes.set(w, { path: w.path, error: `not written: ${reason}` })
  // Files edited or deleted since they were read drop out first; they do not hold the others back.
  const ready = writes.filter((w) => {
    try {
      const changed = changedSinceRead(w.path, w.snapshot)
      if (changed) refuse(w, changed)
      return !changed
    } catch (e) {
      refuse(w, reasonOf(e))
      return false
    }
  })
  const temps: string[] = []
  for (const w of ready) {
    try {
      temps.push(prepare(w))
    } catch (e) {
      temps.forEach(removeQuietly)
      for (const o of ready) refuse(o, o === w ? reasonOf(e) : `${basename(w.path)} of the same package could not be written, and a fix may span both; it was left unchanged`)
      return writes.map((o) => outcomes.get(o)!)
    }
  }
  ready.forEach((w, i) => {
    try {
      // Checked again at the last moment: the window for an edit to be lost is the rename alone.
      const changed = changedSinceRead(w.path, w.snapshot)
      if (changed) {
        removeQuietly(temps[i])
        refuse(w, changed)
        return
      }
      renameSync(temps[i], w.path)
      onWritten(w.path)
      outcomes.set(w, { path: w.path })
    } catch (e) {
      removeQuietly(temps[i])
      refuse(w, reasonOf(e))
    }
  })
  return writes.map((o) => outcomes.get(o)!)
}

/** Replaces one file as it is on disk now (putting back a text this run wrote), with the same care as writePackageFiles. */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const st = lstatSync(path)
  const bytes = readFileSync(path)
  const [outcome] = writePackageFiles([{ path, text, mode, snapshot: { size: bytes.length, mtimeMs: st.mtimeMs, hash: hashOf(bytes), uid: st.uid, gid: st.gid } }])
  if (outcome.error) throw new Error(`${path}: ${outcome.error}`)
}
