import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname

export interface FixtureFile {
  /** Path of the input .go file. */
  path: string
  input: string
  /** Text after --write (--unsafe), when the case fixes. */
  golden?: string
}

export interface FixtureCase {
  rule: string
  name: string
  /** Directory holding the case's go.mod (the rule folder or the case folder). */
  dir: string
  files: FixtureFile[]
  goVersion?: string
  /** Modules the case's go.mod requires, with their versions. */
  requires: Map<string, string>
  settings: { renameExported?: boolean; options?: Record<string, unknown>; goVersion?: string }
}

const WANT = /\/\/ want((?:\s+"[^"]*")+)\s*$/

/** Expected findings per line, from `// want "rule-id"` marks (several marks on a line count several times). */
export function wantedLines(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>()
  text.split('\n').forEach((line, i) => {
    const m = WANT.exec(line)
    if (m) out.set(i + 1, [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]))
  })
  return out
}

function goDirective(dir: string): string | undefined {
  const mod = join(dir, 'go.mod')
  if (!existsSync(mod)) return undefined
  return /^go\s+(\S+)/m.exec(readFileSync(mod, 'utf8'))?.[1]
}

function requires(dir: string): Map<string, string> {
  const mod = join(dir, 'go.mod')
  const out = new Map<string, string>()
  if (!existsSync(mod)) return out
  const text = readFileSync(mod, 'utf8')
  for (const m of text.matchAll(/^(?:require\s+|\t)(\S+)\s+(v\S+)\s*$/gm)) out.set(m[1], m[2])
  return out
}

function readFile(path: string): FixtureFile {
  const golden = `${path}.golden`
  return { path, input: readFileSync(path, 'utf8'), golden: existsSync(golden) ? readFileSync(golden, 'utf8') : undefined }
}

function readSettings(path: string): FixtureCase['settings'] {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
}

/**
 * Every case under test/fixtures/<rule-id>/: a `<case>.go` file on its own,
 * or a `<case>/` folder whose .go files form one package (renames across
 * files). A folder may carry its own go.mod; otherwise the rule folder's
 * applies. `<case>.json` / `<case>/fixture.json` holds run settings.
 */
export function loadFixtures(): FixtureCase[] {
  const cases: FixtureCase[] = []
  for (const rule of readdirSync(FIXTURES).sort()) {
    const ruleDir = join(FIXTURES, rule)
    if (!statSync(ruleDir).isDirectory()) continue
    const ruleVersion = goDirective(ruleDir)
    for (const entry of readdirSync(ruleDir).sort()) {
      const full = join(ruleDir, entry)
      if (statSync(full).isDirectory()) {
        const files = readdirSync(full).filter((f) => f.endsWith('.go')).sort().map((f) => readFile(join(full, f)))
        if (files.length === 0) continue
        const own = goDirective(full)
        cases.push({ rule, name: entry, dir: own ? full : ruleDir, files, goVersion: own ?? ruleVersion, requires: requires(own ? full : ruleDir), settings: readSettings(join(full, 'fixture.json')) })
      } else if (entry.endsWith('.go')) {
        cases.push({ rule, name: basename(entry, '.go'), dir: ruleDir, files: [readFile(full)], goVersion: ruleVersion, requires: requires(ruleDir), settings: readSettings(full.replace(/\.go$/, '.json')) })
      }
    }
  }
  return cases
}

/** A case file the engine must skip as not parsing: the rest of its package is checked without it. */
export function isBroken(path: string): boolean {
  return /\/broken[^/]*\.go$/.test(path)
}

export function isPositive(c: FixtureCase): boolean {
  return c.files.some((f) => wantedLines(f.input).size > 0)
}
