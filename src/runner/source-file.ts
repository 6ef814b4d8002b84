import { readFileSync, statSync } from 'node:fs'

export type FileSkipReason = 'generated' | 'binary' | 'not-utf8' | 'too-large' | 'unreadable' | 'syntax-error' | 'timeout'

export interface SourceFile {
  path: string
  /** LF line endings, no byte-order mark: what the engine sees. */
  text: string
  bom: boolean
  crlf: boolean
  mode: number
  /** A `// Code generated … DO NOT EDIT.` file: never changed or reported on, read for context. */
  generated?: boolean
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

export function loadSourceFile(path: string, maxBytes = DEFAULT_MAX_BYTES): LoadResult {
  let bytes: Buffer
  let mode: number
  try {
    const st = statSync(path)
    if (st.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${st.size} bytes` }
    mode = st.mode
    bytes = readFileSync(path)
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message }
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary' }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { ok: false, reason: 'not-utf8' }
  }
  const file = sourceFromText(path, text, mode)
  return { ok: true, file: { ...file, generated: isGenerated(file.text) } }
}

/** What the engine sees of a file's text: no byte-order mark, and LF endings where every ending was CRLF. */
export function sourceFromText(path: string, text: string, mode = 0o644): SourceFile {
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
export function restoreText(file: SourceFile, text: string): string {
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
