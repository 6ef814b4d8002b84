import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { describeErrno } from './errno.js'

export type FileSkipReason = 'generated' | 'binary' | 'not-utf8' | 'too-large' | 'unreadable' | 'syntax-error' | 'timeout' | 'symlink'

/** What a file was when it was read: a write checks it still is, so an edit made meanwhile is never overwritten. */
export interface FileSnapshot {
  size: number
  mtimeMs: number
  /** sha256 of the bytes read. */
  hash: string
  uid: number
  gid: number
}

export interface SourceFile {
  path: string
  /** LF line endings, no byte-order mark: what the engine sees. */
  text: string
  bom: boolean
  crlf: boolean
  mode: number
  /** A `// Code generated … DO NOT EDIT.` file: never changed or reported on, read for context. */
  generated?: boolean
  snapshot: FileSnapshot
}

export type LoadResult = { ok: true; file: SourceFile } | { ok: false; reason: FileSkipReason; detail?: string }

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024

const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The part of a file before its package clause, where a generated-code header must stand. */
function header(text: string): string {
  const m = /^\s*package\s/m.exec(text)
  return m ? text.slice(0, m.index) : text
}

export function isGenerated(text: string): boolean {
  return GENERATED.test(header(text))
}

export function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function loadSourceFile(path: string, maxBytes = DEFAULT_MAX_BYTES): LoadResult {
  let bytes: Buffer
  let mode: number
  let snapshot: FileSnapshot
  try {
    // A link found here was swapped in after discovery: never read (or later write) through it.
    if (lstatSync(path).isSymbolicLink()) return { ok: false, reason: 'symlink' }
    const fd = openSync(path, 'r')
    try {
      const st = fstatSync(fd)
      if (st.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${st.size} bytes, over the ${maxBytes}-byte limit` }
      mode = st.mode
      bytes = readFileSync(fd)
      snapshot = { size: bytes.length, mtimeMs: st.mtimeMs, hash: hashOf(bytes), uid: st.uid, gid: st.gid }
    } finally {
      closeSync(fd)
    }
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: describeErrno(e) }
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary' }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { ok: false, reason: 'not-utf8' }
  }
  const file = sourceFromText(path, text, mode)
  return { ok: true, file: { ...file, snapshot, generated: isGenerated(file.text) } }
}

/** What the engine sees of a file's text: no byte-order mark, and LF endings where every ending was CRLF. */
export function sourceFromText(path: string, text: string, mode = 0o644): Omit<SourceFile, 'snapshot' | 'generated'> {
  const bom = text.startsWith('\uFEFF')
  if (bom) text = text.slice(1)
  // Only a file whose every newline is CRLF is normalised; mixed endings stay as they are.
  const lf = (text.match(/\n/g) ?? []).length
  const crlfCount = (text.match(/\r\n/g) ?? []).length
  const crlf = lf > 0 && lf === crlfCount
  if (crlf) text = text.replace(/\r\n/g, '\n')
  return { path, text, bom, crlf, mode }
}

/** The bytes to write back: the file's own line endings and byte-order mark. */
export function restoreText(file: Pick<SourceFile, 'bom' | 'crlf'>, text: string): string {
  const body = file.crlf ? text.replace(/\n/g, '\r\n') : text
  return file.bom ? `\uFEFF${body}` : body
}

/**
 * What a file that cannot be handed over as source still says, for a
 * search of the names it mentions: its bytes read as Latin-1 (Go
 * identifiers in ASCII read the same), or undefined when it cannot be read.
 */
export function textForMentions(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1')
  } catch {
    return undefined
  }
}

/** Why a file could not be handed over as source, as the end of a sentence about it. */
export function describeSkip(reason: FileSkipReason): string {
  switch (reason) {
    case 'too-large':
      return 'is over the size limit'
    case 'binary':
      return 'holds binary data'
    case 'not-utf8':
      return 'is not UTF-8'
    default:
      return 'could not be read'
  }
}
