import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

/**
 * Formats many Go sources with one gofmt process: each text goes to a file
 * of a temporary folder, `gofmt -w` rewrites them, and the results are read
 * back. Starting a process costs far more than formatting a file, and more
 * the larger this process has grown. An entry is null when gofmt rejects it
 * (or is not installed).
 */
export function gofmtMany(texts: readonly string[]): (string | null)[] {
  const bin = gofmtPath()
  if (!bin || texts.length === 0) return texts.map(() => null)
  let dir: string
  try {
    dir = mkdtempSync(join(tmpdir(), 'guidefix-fmt-'))
  } catch {
    // No temporary folder: one gofmt per text, through its standard input.
    return texts.map((text) => {
      const r = spawnSync(bin, [], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
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
    if (r.error) return texts.map(() => null)
    const rejected = new Set([...(r.stderr ?? '').matchAll(/^(f\d+\.go):/gm)].map((m) => m[1]))
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
