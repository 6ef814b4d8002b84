import { maxJobs } from '../runner/jobs.js'
import { builtinCodemodDirs } from '../codemod/loader.js'
import { findConfig, loadConfig, type Config } from '../config/config.js'
import { parseGoVersion } from '../engine/go-version.js'
import { DEFAULT_MAX_BYTES } from '../runner/source-file.js'
import { parseShard, type Shard } from '../runner/shard.js'
import type { RunSettings } from '../runner/types.js'
import { DEFAULT_VERIFY, VERIFY_CHECKS, type VerifyCheck } from '../runner/go-toolchain.js'
import { UsageError } from './errors.js'

/** What a scan does; every field is optional, and `.guidefix.yml` fills what is left unset. */
export interface ScanOptions {
  /** Where relative paths start and where `.guidefix.yml` is looked for (default: the process's working directory). */
  cwd?: string
  /** Write the fixes instead of only reporting them. */
  write?: boolean
  /** Apply suggested fixes as well as safe ones. */
  unsafe?: boolean
  /** Only these rule ids (a comma-separated string is split). */
  rules?: string[]
  /** Leave these rule ids out. */
  skip?: string[]
  /** Only the rules of these guide sections. */
  sections?: (string | number)[]
  /** The Go version to assume where no go.mod says it, e.g. "1.21". */
  goVersion?: string
  /** Only files changed since this git revision. */
  since?: string
  /** This machine's part of a split run: "K/N" or { index, count } (1-based index). */
  shard?: string | Shard
  /** Worker processes (default: the core count, at most 8). */
  jobs?: number
  /** More codemod directories to load. */
  codemods?: string[]
  /** The configuration file to use; false reads none (default: the nearest `.guidefix.yml`). */
  config?: string | false
  /** Rename exported identifiers too (their importers outside the module are not seen). */
  renameExported?: boolean
  /** Let `write` touch Go files with uncommitted changes. */
  allowDirty?: boolean
  /** Write `//guidefix:ignore <rule> -- baseline` above every finding left. */
  addIgnores?: boolean
  /** Report `//guidefix:ignore` directives that suppress nothing (`unused-ignore`), with a fix that removes them. */
  reportUnusedIgnores?: boolean
  /** Give up on a file after this long: milliseconds, or a duration such as "60s"; 0 for no limit. */
  fileTimeout?: number | string
  /** Check every changed package with go build and go vet (true), or the named checks, and take back the fixes that break it. */
  verify?: boolean | VerifyCheck[]
  /** Time each phase (RunResult.timings). */
  profile?: boolean
}

/** Names an option in a message: the API says `goVersion`, the CLI `--go-version`. */
export type OptionNamer = (option: keyof ScanOptions) => string

/** Options named as the API spells them. */
export const asOption: OptionNamer = (option) => option

/** A scan with its options checked and merged over the configuration file. */
export interface ResolvedScan {
  settings: RunSettings
  config: Config | undefined
  paths: string[]
  jobs: number
  shard?: Shard
  since?: string
  /** The checks of `verify`, when asked for. */
  verify?: VerifyCheck[]
  allowDirty: boolean
}

/** `['a,b', 'c']` → `['a', 'b', 'c']`. */
export function splitList(values: readonly (string | number)[] | undefined): string[] {
  return (values ?? []).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean)
}

/** "60s", "2m", "500ms" or a bare number of seconds, in milliseconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!m) return null
  const n = Number(m[1])
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000)
}

function fileTimeoutOf(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const ms = typeof value === 'number' ? (Number.isFinite(value) && value >= 0 ? Math.round(value) : null) : parseDuration(value)
  if (ms === null) throw new UsageError(`${name} must be a duration such as 60s, 2m or 500ms, or 0 for none (got "${value}")`)
  return ms
}

function shardOf(value: string | Shard | undefined, name: string): Shard | undefined {
  if (value === undefined) return undefined
  const shard = parseShard(typeof value === 'string' ? value : `${value.index}/${value.count}`)
  if (!shard) throw new UsageError(`${name} must be K/N with 1 <= K <= N (got "${typeof value === 'string' ? value : JSON.stringify(value)}")`)
  return shard
}

function verifyOf(value: boolean | VerifyCheck[] | undefined, name: string): VerifyCheck[] | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return [...DEFAULT_VERIFY]
  const unknown = value.filter((c) => !(VERIFY_CHECKS as readonly string[]).includes(c))
  if (unknown.length > 0 || value.length === 0) throw new UsageError(`${name} takes build, vet or test (got "${value.join(',')}")`)
  return VERIFY_CHECKS.filter((c) => value.includes(c))
}

/**
 * Checks the options and merges them over the configuration file into the
 * settings of one run; options win over the file. Throws UsageError for a
 * malformed option, ConfigError for a bad configuration file.
 */
export async function resolveScan(paths: readonly string[] = [], options: ScanOptions = {}, name: OptionNamer = asOption): Promise<ResolvedScan> {
  const cwd = options.cwd ?? process.cwd()
  if (options.goVersion !== undefined && !parseGoVersion(options.goVersion)) throw new UsageError(`${name('goVersion')} must look like 1.21 (got "${options.goVersion}")`)
  if (options.jobs !== undefined && (!Number.isInteger(options.jobs) || options.jobs < 1)) throw new UsageError(`${name('jobs')} must be a whole number of at least 1 (got "${options.jobs}")`)
  const shard = shardOf(options.shard, name('shard'))
  const fileTimeoutMs = fileTimeoutOf(options.fileTimeout, name('fileTimeout'))
  const verify = verifyOf(options.verify, name('verify'))
  const configFile = options.config === false ? undefined : options.config ?? findConfig(cwd)
  const config = configFile ? await loadConfig(configFile) : undefined
  const unsafe = options.unsafe ?? config?.unsafe ?? false
  const settings: RunSettings = {
    codemodDirs: [...builtinCodemodDirs(), ...(config?.codemods ?? []), ...(options.codemods ?? [])],
    rules: options.rules ? splitList(options.rules) : config?.rules ?? [],
    skip: [...splitList(options.skip), ...(config?.skip ?? [])],
    sections: options.sections ? splitList(options.sections) : (config?.sections ?? []).map(String),
    applyTiers: unsafe ? ['safe', 'suggest'] : ['safe'],
    write: options.write ?? false,
    renameExported: options.renameExported ?? config?.renameExported ?? false,
    goVersion: options.goVersion ?? config?.goVersion,
    ruleOptions: config?.options ?? {},
    maxBytes: DEFAULT_MAX_BYTES,
    gofmt: true,
    cwd,
    profile: options.profile ?? false,
    overrides: config?.overrides,
    addIgnores: options.addIgnores ?? false,
    reportUnusedIgnores: options.reportUnusedIgnores ?? config?.reportUnusedIgnores ?? false,
    ...(fileTimeoutMs !== undefined && { fileTimeoutMs }),
  }
  return {
    settings,
    config,
    paths: paths.length > 0 ? [...paths] : ['.'],
    jobs: Math.min(options.jobs ?? maxJobs(), maxJobs()),
    shard,
    since: options.since,
    verify,
    allowDirty: options.allowDirty ?? false,
  }
}
