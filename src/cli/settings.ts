import { resolveScan, type OptionNamer, type ResolvedScan, type ScanOptions } from '../api/options.js'
import { UsageError } from '../api/errors.js'
import { checkOutputPath } from './output-path.js'
import { parseVerify } from './verify-flag.js'

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

const FLAGS: Partial<Record<keyof ScanOptions, string>> = {
  goVersion: '--go-version',
  fileTimeout: '--file-timeout',
  renameExported: '--rename-exported',
  allowDirty: '--allow-dirty',
  addIgnores: '--add-ignores',
  reportUnusedIgnores: '--report-unused-ignores',
  rules: '--rule',
  sections: '--section',
}

/** The flag that sets an option, for messages. */
export const flagName: OptionNamer = (option) => FLAGS[option] ?? `--${option}`

/** The flags as options of a scan. */
export function scanOptionsOf(args: CliArgs, cwd: string): ScanOptions {
  return {
    cwd,
    write: args.write,
    unsafe: args.unsafe,
    rules: args.rule,
    skip: args.skip,
    sections: args.section,
    goVersion: args.goVersion,
    since: args.since,
    shard: args.shard,
    jobs: args.jobs,
    codemods: args.codemods,
    config: args.config,
    renameExported: args.renameExported,
    allowDirty: args.allowDirty,
    addIgnores: args.addIgnores,
    reportUnusedIgnores: args.reportUnusedIgnores,
    fileTimeout: args.fileTimeout === undefined ? undefined : String(args.fileTimeout),
    profile: args.profile,
  }
}

/**
 * Checks the flags only the command line has, then resolves the scan in the
 * API layer (flags over the configuration file).
 */
export async function resolveCliScan(args: CliArgs, cwd = process.cwd()): Promise<ResolvedScan> {
  if (args.write && args.dryRun) throw new UsageError('--write and --dry-run contradict each other')
  if (args.write && args.list) throw new UsageError('--list only reports; it cannot be combined with --write')
  if (args.report !== undefined && !/\.(html?|md)$/i.test(args.report)) throw new UsageError(`--report writes a .html or .md file (got "${args.report}")`)
  if (args.output !== undefined) checkOutputPath(args.output, cwd)
  const verify = parseVerify(args.verify, cwd)
  const paths = [...(args.paths ?? []), ...(verify?.path ? [verify.path] : [])]
  return resolveScan(paths, { ...scanOptionsOf(args, cwd), verify: verify?.checks }, flagName)
}
