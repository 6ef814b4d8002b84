import type { RunResult } from '../runner/run.js'
import { reportChunks } from '../report/render.js'
import { renderProfile } from '../report/profile.js'
import { migrationHtml, migrationMarkdown } from '../report/migration.js'
import { writeFileSync } from 'node:fs'
import { allFiles } from '../report/summary.js'
import { problemLines, uncheckedNamed } from '../report/text.js'
import { repositoryRoot } from '../report/paths.js'
import { flagName, resolveCliScan, type CliArgs } from './settings.js'
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from './exit.js'
import { startProgress } from './progress.js'
import { verifyExitCode, verifyProgress } from './verify-flag.js'
import { runScan } from '../api/scan.js'

export interface CommandOutput {
  /** The report, in pieces: a large run's report is never one string in memory. */
  chunks: Iterable<string>
  exitCode: number
  /** One line per problem, for standard error (whatever the format). */
  problems?: Iterable<string>
}

function useColor(args: CliArgs): boolean {
  if (args.color !== undefined) return args.color
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (args.output) return false
  return process.stdout.isTTY === true
}

/** 2 for I/O trouble or a named file left unchecked, else 1 when anything is pending or left, else 0. */
export function exitCodeOf(result: RunResult, write: boolean): number {
  const files = allFiles(result)
  const named = new Set(result.discovery.named)
  const ioError = result.discovery.problems.length > 0 || files.some((f) => f.status === 'error' || f.skipReason === 'unreadable' || uncheckedNamed(f, named))
  if (ioError) return EXIT_ERROR
  const findings = files.some((f) => f.findings.length > 0)
  if (write) return findings ? EXIT_FINDINGS : EXIT_CLEAN
  return findings || files.some((f) => f.diff) ? EXIT_FINDINGS : EXIT_CLEAN
}

export async function runCommand(args: CliArgs): Promise<CommandOutput> {
  const scan = await resolveCliScan(args)
  const { settings, jobs } = scan
  const progress = args.quiet ? undefined : startProgress()
  const verifying = scan.verify ? verifyProgress(args.quiet ?? false, progress) : undefined
  let result: RunResult
  try {
    result = await runScan(scan, { onProgress: progress?.update, onVerifyProgress: verifying?.update }, flagName)
  } finally {
    progress?.stop()
    verifying?.stop()
  }
  const exitCode = Math.max(exitCodeOf(result, settings.write), verifyExitCode(result.verify))
  const root = args.format === 'sarif' ? repositoryRoot(settings.cwd) : undefined
  const chunks = reportChunks(result, args.format, {
    color: useColor(args),
    cwd: settings.cwd,
    root,
    write: settings.write,
    unsafe: settings.applyTiers.includes('suggest'),
    list: args.list ?? false,
    quiet: args.quiet ?? false,
    statistics: args.statistics ?? false,
  })
  if (args.report) writeMigrationReport(args.report, result, settings.cwd, settings.write)
  if (result.timings) process.stderr.write(renderProfile(result.timings, result.elapsedMs, jobs))
  return { chunks, exitCode, problems: problemLines(result, settings.cwd) }
}

function writeMigrationReport(file: string, result: RunResult, cwd: string, write: boolean): void {
  const chunks = /\.md$/i.test(file) ? migrationMarkdown(result, cwd, write) : migrationHtml(result, cwd, write)
  try {
    writeFileSync(file, [...chunks].join(''))
  } catch (e) {
    throw new UsageError(`--report: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
}
