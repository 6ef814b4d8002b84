import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

let found: string | null | undefined

/** gofmt's path on PATH, looked up once. */
export function gofmtPath(): string | null {
  if (found !== undefined) return found
  found = null
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'gofmt')
    try {
      accessSync(candidate, constants.X_OK)
      found = candidate
      break
    } catch {
      /* keep looking */
    }
  }
  return found
}

/** Formats Go source with gofmt; null when gofmt is missing or rejects the text. */
export function gofmt(text: string): string | null {
  const bin = gofmtPath()
  if (!bin) return null
  const r = spawnSync(bin, [], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return r.status === 0 ? r.stdout : null
}
