import { spawn } from 'node:child_process'
import { accessSync, constants, readdirSync, statSync } from 'node:fs'
import { keptTextOf } from './verify-texts.js'
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

/** What `--verify` asks of the toolchain, run in this order. */
export type VerifyCheck = 'build' | 'vet' | 'test'

export const VERIFY_CHECKS: readonly VerifyCheck[] = ['build', 'vet', 'test']

/** What verification runs when it names no check. */
export const DEFAULT_VERIFY: readonly VerifyCheck[] = ['build', 'vet']

/** The go command on PATH, or undefined: `--verify` cannot run without it. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['go.exe'] : ['go']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const name of names) {
      const candidate = join(dir, name)
      try {
        if (!statSync(candidate).isFile()) continue
        accessSync(candidate, constants.X_OK)
        return candidate
      } catch {
        /* not here */
      }
    }
  }
  return undefined
}

/** Where and how one set of packages is checked: a module root, or a GOPATH-era directory tree. */
export interface CheckTarget {
  /** The go command's working directory. */
  cwd: string
  /** True for code outside any module, checked with GO111MODULE=off. */
  gopath: boolean
  /** Package directories (absolute). */
  dirs: string[]
  /** Import path of each directory, to read `go test`'s per-package lines. */
  importPaths: Map<string, string>
  /** `{"Replace": {...}}` file giving changed files the text under test. */
  overlay?: string
  /** Overlay file → the file it stands for, so errors name the real file. */
  overlaid: Map<string, string>
  /** Overlay files of earlier checks, which the build cache may name: the real file by key (see keptTextOf). */
  byKey?: Map<string, string>
}

export interface CheckOutcome {
  /** Whether every command exited 0. */
  ok: boolean
  /** Error lines per package directory that failed. */
  failed: Map<string, string[]>
  /** Output nobody could be blamed for (set only when a command failed and no package was). */
  unattributed?: string[]
}

/** Runs tasks at most `limit` at a time. */
export class Limiter {
  private active = 0
  private readonly waiting: (() => void)[] = []
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r))
    this.active++
    try {
      return await task()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }
}

function hasNonTestGo(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
  } catch {
    return true
  }
}

function runGo(go: string, args: string[], cwd: string, gopath: boolean): Promise<{ code: number; output: string }> {
  // The user's Go environment is kept as it is (GOFLAGS, GOPROXY, GOTOOLCHAIN, ...); only code
  // outside any module needs GOPATH mode to build at all.
  const env = gopath ? { ...process.env, GO111MODULE: 'off' } : process.env
  const started = performance.now()
  const finish = (done: (r: { code: number; output: string }) => void, r: { code: number; output: string }) => {
    if (process.env.GUIDEFIX_DEBUG) process.stderr.write(`guidefix: ${cwd}: go ${args.join(' ')} → ${r.code} in ${((performance.now() - started) / 1000).toFixed(2)}s\n`)
    done(r)
  }
  return new Promise((done) => {
    const child = spawn(go, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => chunks.push(b))
    child.stderr.on('data', (b: Buffer) => chunks.push(b))
    child.on('error', (e) => finish(done, { code: -1, output: `go: ${e.message}` }))
    child.on('close', (code) => finish(done, { code: code ?? -1, output: Buffer.concat(chunks).toString() }))
  })
}

function argsFor(check: VerifyCheck, target: CheckTarget): string[] {
  const overlay = target.overlay ? [`-overlay=${target.overlay}`] : []
  const pkgs = target.dirs.map((d) => {
    const rel = relative(target.cwd, d)
    if (rel === '') return '.'
    return rel.startsWith('..') || isAbsolute(rel) ? d : `./${rel.split(sep).join('/')}`
  })
  // Built for errors only: -o to the null device writes no binary for a main package.
  if (check === 'build') return ['build', '-o', process.platform === 'win32' ? 'NUL' : '/dev/null', ...overlay, ...pkgs]
  return [check, ...overlay, ...pkgs]
}

const LOCATION = /^(?:vet: )?((?:[A-Za-z]:)?[^\s:][^:]*\.go):\d+(?::\d+)?:/
const TEST_RESULT = /^(ok|FAIL|\?)\s+(\S+)(.*)$/

/** Splits a go command's output into error lines per package directory. */
export function attribute(output: string, target: CheckTarget, display: (path: string) => string): { failed: Map<string, string[]>; rest: string[] } {
  const dirs = new Set(target.dirs)
  const byImportPath = new Map([...target.importPaths].map(([dir, ip]) => [ip, dir]))
  const failed = new Map<string, string[]>()
  const rest: string[] = []
  const add = (dir: string, line: string) => {
    const lines = failed.get(dir) ?? []
    lines.push(line)
    failed.set(dir, lines)
  }
  let last: string | undefined
  let block: string[] = []
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') continue
    const loc = LOCATION.exec(line)
    if (loc) {
      const abs = resolve(target.cwd, loc[1])
      const real = target.overlaid.get(abs) ?? (target.byKey && keptTextOf(abs, target.byKey)) ?? abs
      const dir = dirname(real)
      const shown = line.replace(loc[1], display(real))
      if (dirs.has(dir)) {
        add(dir, shown)
        last = dir
      } else {
        // An error in a file of another package (a dependency) is told, if no package is blamed.
        block.push(shown)
        rest.push(shown)
        last = undefined
      }
      continue
    }
    // A compiler error's continuation lines are indented under it.
    if (/^\s/.test(line) && last) {
      add(last, line)
      continue
    }
    last = undefined
    // "<import path>: <message>": a package that could not be loaded.
    const named = /^(\S+): /.exec(line)
    if (named && byImportPath.has(named[1])) {
      add(byImportPath.get(named[1])!, line)
      continue
    }
    const result = TEST_RESULT.exec(line)
    if (result) {
      const dir = byImportPath.get(result[2])
      // "[build failed]" is already told by the compiler's lines, in this package or a dependency.
      if (result[1] === 'FAIL' && dir && !/\[(build|setup) failed\]/.test(result[3])) {
        for (const l of block.filter((l) => /^\s*(--- FAIL|panic:)|\.go:\d+/.test(l))) add(dir, l.trim())
        if (!failed.has(dir)) add(dir, line)
      }
      block = []
      continue
    }
    if (line.startsWith('# ')) continue
    block.push(line)
    rest.push(line)
  }
  return { failed, rest }
}

/** Runs the checks over the target's packages: one go command per check for all of them. */
export async function runChecks(go: string, checks: readonly VerifyCheck[], target: CheckTarget, limiter: Limiter, display: (path: string) => string): Promise<CheckOutcome> {
  const failed = new Map<string, string[]>()
  let ok = true
  const rest: string[] = []
  for (const check of checks) {
    // A package that failed one check is not run through the next: it failed already. go build
    // refuses a package of tests alone ("no non-test Go files"); vet and test check those.
    const dirs = target.dirs.filter((d) => !failed.has(d) && (check !== 'build' || hasNonTestGo(d)))
    if (dirs.length === 0) continue
    const { code, output } = await limiter.run(() => runGo(go, argsFor(check, { ...target, dirs }), target.cwd, target.gopath))
    if (code === 0) continue
    ok = false
    const found = attribute(output, target, display)
    for (const [dir, lines] of found.failed) {
      if (!failed.has(dir)) failed.set(dir, lines.map((l) => `go ${check}: ${l}`))
    }
    rest.push(...found.rest.map((l) => `go ${check}: ${l}`))
  }
  return { ok, failed, unattributed: !ok && failed.size === 0 ? rest : undefined }
}

/** Thrown when --verify is asked for and the go command cannot be found. */
export class GoMissingError extends Error {}

export function requireGo(): string {
  const go = findGo()
  if (!go) throw new GoMissingError('--verify needs the go command, and none is on PATH; install Go or add its bin directory to PATH')
  return go
}
