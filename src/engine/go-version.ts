/** A Go language version such as 1.21 (patch levels do not change semantics). */
export interface GoVersion {
  major: number
  minor: number
}

const VERSION_RE = /^(?:go)?(\d+)\.(\d+)(?:\.\d+|rc\d+|beta\d+)?$/

export function parseGoVersion(text: string): GoVersion | undefined {
  const m = VERSION_RE.exec(text.trim())
  if (!m) return undefined
  return { major: Number(m[1]), minor: Number(m[2]) }
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor
}

export function formatGoVersion(v: GoVersion | undefined): string {
  return v ? `${v.major}.${v.minor}` : 'unknown'
}

/** Reads the `go` directive of a go.mod text. */
export function goDirectiveOf(goMod: string): GoVersion | undefined {
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim()
    const m = /^go\s+(\S+)$/.exec(line)
    if (m) return parseGoVersion(m[1])
  }
  return undefined
}

/** The module path declared by a go.mod text. */
export function modulePathOf(goMod: string): string | undefined {
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim()
    const m = /^module\s+"?([^"\s]+)"?$/.exec(line)
    if (m) return m[1]
  }
  return undefined
}

/**
 * Whether a rule gated to [min, max) runs. An unknown version counts as the
 * oldest Go: rules that add code for old versions run, rules that need a new
 * version (or remove code old versions need) do not.
 */
export function gateAllows(
  gate: { min?: string; max?: string } | undefined,
  version: GoVersion | undefined,
): boolean {
  if (!gate) return true
  const v = version ?? { major: 1, minor: 0 }
  if (gate.min) {
    const min = parseGoVersion(gate.min)!
    if (compareGoVersions(v, min) < 0) return false
  }
  if (gate.max) {
    const max = parseGoVersion(gate.max)!
    if (compareGoVersions(v, max) >= 0) return false
  }
  return true
}

/**
 * The arguments of each `verb` directive of a go.mod or go.work text, from
 * single-line directives and from `verb ( … )` blocks, quotes taken off.
 */
export function goModDirectives(text: string, verb: string): string[][] {
  const out: string[][] = []
  let inBlock = false
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim()
    if (inBlock) {
      if (line === ')') inBlock = false
      else if (line) out.push(words(line))
      continue
    }
    const block = /^(\S+?)\s*\($/.exec(line)
    if (block) {
      inBlock = block[1] === verb
      continue
    }
    const parts = words(line)
    if (parts[0] === verb && parts.length > 1) out.push(parts.slice(1))
  }
  return out
}

function words(line: string): string[] {
  return line.split(/\s+/).filter(Boolean).map((w) => w.replace(/^"(.*)"$/, '$1'))
}

/**
 * The modules a go.mod text requires, with their versions: single-line
 * `require m v` and `require ( … )` blocks.
 */
export function requiredModulesOf(goMod: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const [path, version, ...rest] of goModDirectives(goMod, 'require')) {
    if (version?.startsWith('v') && rest.length === 0) out.set(path, version)
  }
  return out
}

/**
 * Orders two module versions (`v0.9.1`, `v0.8.2-0.20190227000051-27936f6d90f9`)
 * as semantic versions: a pre-release or pseudo-version comes before the
 * release of the same numbers. Undefined when either cannot be read.
 */
export function compareModuleVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => /^v(\d+)\.(\d+)\.(\d+)(-[^+]*)?(\+.*)?$/.exec(v)
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return undefined
  for (let i = 1; i <= 3; i++) if (Number(x[i]) !== Number(y[i])) return Number(x[i]) - Number(y[i])
  if (!x[4] !== !y[4]) return x[4] ? -1 : 1
  return (x[4] ?? '') < (y[4] ?? '') ? -1 : (x[4] ?? '') > (y[4] ?? '') ? 1 : 0
}
