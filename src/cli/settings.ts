import { maxJobs } from '../runner/jobs.js'
import { builtinCodemodDirs } from '../codemod/loader.js'
import { findConfig, loadConfig, type Config } from '../config/config.js'
import { parseGoVersion } from '../engine/go-version.js'
import { DEFAULT_MAX_BYTES } from '../runner/source-file.js'
import { parseShard, type Shard } from '../runner/shard.js'
import type { RunSettings } from '../runner/types.js'
import { UsageError } from './exit.js'
import { checkOutputPath } from './output-path.js'
import { parseVerify } from './verify-flag.js'
import type { VerifyCheck } from '../runner/go-toolchain.js'

/** The flags of the main command, as yargs hands them over. */
export interface CliArgs {
  paths?: string[]
  dryRun?: boolean
  write?: boolean
  list?: boolean
  unsafe?: boolean
  rule?: string[]
  skip?: string[]
  section?: string[]
  format: 'text' | 'json' | 'sarif' | 'github'
  goVersion?: string
  since?: string
  shard?: string
  jobs?: number
  codemods?: string[]
  config?: string
  allowDirty?: boolean
  renameExported?: boolean
  quiet?: boolean
  color?: boolean
  profile?: boolean
  output?: string
  statistics?: boolean
  addIgnores?: boolean
  reportUnusedIgnores?: boolean
  report?: string
  fileTimeout?: string
  /** `--verify` alone arrives as '', `--verify=vet,test` as the list. */
  verify?: string
}

/** `--rule a,b --rule c` → [a, b, c]. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean)
}

export interface Resolved {
  settings: RunSettings
  config: Config | undefined
  paths: string[]
  jobs: number
  shard?: Shard
  /** Checks --verify runs, when given. */
  verify?: VerifyCheck[]
}

/** Merges flags over the configuration file into one RunSettings; flags win. */
export async function buildRunSettings(args: CliArgs, cwd = process.cwd()): Promise<Resolved> {
  if (args.write && args.dryRun) throw new UsageError('--write and --dry-run contradict each other')
  if (args.write && args.list) throw new UsageError('--list only reports; it cannot be combined with --write')
  if (args.report !== undefined && !/\.(html?|md)$/i.test(args.report)) throw new UsageError(`--report writes a .html or .md file (got "${args.report}")`)
  if (args.goVersion !== undefined && !parseGoVersion(args.goVersion)) throw new UsageError(`--go-version must look like 1.21 (got "${args.goVersion}")`)
  if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1)) throw new UsageError(`--jobs must be a whole number of at least 1 (got "${args.jobs}")`)
  if (args.output !== undefined) checkOutputPath(args.output, cwd)
  let shard: Shard | undefined
  if (args.shard !== undefined) {
    shard = parseShard(args.shard) ?? undefined
    if (!shard) throw new UsageError(`--shard must be K/N with 1 <= K <= N (got "${args.shard}")`)
  }
  const fileTimeoutMs = args.fileTimeout === undefined ? undefined : parseDuration(String(args.fileTimeout))
  if (fileTimeoutMs === null) throw new UsageError(`--file-timeout must be a duration such as 60s, 2m or 500ms, or 0 for none (got "${args.fileTimeout}")`)
  const configFile = args.config ?? findConfig(cwd)
  const config = configFile ? await loadConfig(configFile) : undefined
  const unsafe = args.unsafe ?? config?.unsafe ?? false
  const settings: RunSettings = {
    codemodDirs: [...builtinCodemodDirs(), ...(config?.codemods ?? []), ...(args.codemods ?? [])],
    rules: args.rule ? splitList(args.rule) : config?.rules ?? [],
    skip: [...splitList(args.skip), ...(config?.skip ?? [])],
    sections: args.section ? splitList(args.section) : (config?.sections ?? []).map(String),
    applyTiers: unsafe ? ['safe', 'suggest'] : ['safe'],
    write: args.write ?? false,
    renameExported: args.renameExported ?? config?.renameExported ?? false,
    goVersion: args.goVersion ?? config?.goVersion,
    ruleOptions: config?.options ?? {},
    maxBytes: DEFAULT_MAX_BYTES,
    gofmt: true,
    cwd,
    profile: args.profile ?? false,
    overrides: config?.overrides,
    addIgnores: args.addIgnores ?? false,
    reportUnusedIgnores: args.reportUnusedIgnores ?? config?.reportUnusedIgnores ?? false,
    ...(fileTimeoutMs !== undefined && { fileTimeoutMs }),
  }
  const verify = parseVerify(args.verify, cwd)
  const paths = [...(args.paths ?? []), ...(verify?.path ? [verify.path] : [])]
  return {
    settings,
    config,
    verify: verify?.checks,
    paths: paths.length > 0 ? paths : ['.'],
    jobs: Math.min(args.jobs ?? maxJobs(), maxJobs()),
    shard,
  }
}

/** "60s", "2m", "500ms" or a bare number of seconds, in milliseconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!m) return null
  const n = Number(m[1])
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000)
}
