import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { tempFolderPrefix } from './stale.js'

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

let shortfall: string | undefined

/**
 * Why gofmt could not format texts it was given since the last call (not
 * installed, or it failed as a whole), or undefined when it ran.
 */
export function takeGofmtShortfall(): string | undefined {
  const why = shortfall
  shortfall = undefined
  return why
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim()
}

/**
 * Formats many Go sources with one gofmt process: each text goes to a file
 * of a temporary folder, `gofmt -w` rewrites them, and the results are read
 * back. Starting a process costs far more than formatting a file, and more
 * the larger this process has grown. An entry is null when gofmt rejects it
 * (or is not installed).
 */
export function gofmtMany(texts: readonly string[]): (string | null)[] {
  const bin = gofmtPath()
  if (texts.length === 0) return []
  if (!bin) {
    shortfall = 'gofmt is not on PATH'
    return texts.map(() => null)
  }
  let dir: string
  try {
    dir = mkdtempSync(tempFolderPrefix('fmt'))
  } catch {
    // No temporary folder: one gofmt per text, through its standard input.
    return texts.map((text) => {
      const r = spawnSync(bin, [], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      if (r.error || r.signal) shortfall = `gofmt failed: ${r.error?.message ?? r.signal}`
      return r.error || r.status !== 0 ? null : r.stdout
    })
  }
  try {
    const names = texts.map((text, i) => {
      const name = `f${i}.go`
      writeFileSync(join(dir, name), text)
      return name
    })
    const r = spawnSync(bin, ['-w', ...names], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const rejected = new Set([...(r.stderr ?? '').matchAll(/^(f\d+\.go):/gm)].map((m) => m[1]))
    // Failing without naming a file it rejects, gofmt did not run: nothing it left can be trusted.
    if (r.error || r.signal || (r.status !== 0 && rejected.size === 0)) {
      shortfall = `gofmt failed: ${r.error?.message ?? (r.signal ? `killed by ${r.signal}` : firstLine(r.stderr ?? '') || `exit status ${r.status}`)}`
      return texts.map(() => null)
    }
    return names.map((name) => (rejected.has(name) ? null : readFileSync(join(dir, name), 'utf8')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Asks gofmt, which parses with the Go parser itself, whether a text is Go
 * syntax: null when it is, else gofmt's first complaint (such as
 * `8:3: expected declaration, found 'return'`). Undefined when gofmt is not
 * installed or could not run.
 */
export function goSyntaxError(text: string): string | null | undefined {
  const bin = gofmtPath()
  if (!bin) return undefined
  const r = spawnSync(bin, ['-e', '-l'], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.error) return undefined
  if (r.status === 0) return null
  const first = (r.stderr ?? '').split('\n').find((l) => l.trim() !== '') ?? 'rejected'
  return first.replace(/^<standard input>:/, '')
}
