import { run, type RunResult } from '../runner/run.js'
import { dirtyFiles } from '../runner/git.js'
import { reportChunks } from '../report/render.js'
import { renderProfile } from '../report/profile.js'
import { allFiles } from '../report/summary.js'
import { displayPath } from '../report/paths.js'
import { buildRunSettings, type CliArgs } from './settings.js'
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from './exit.js'
import { startProgress } from './progress.js'
import { findGo } from '../runner/go-toolchain.js'
import { verifyExitCode, verifyProgress } from './verify-flag.js'

export interface CommandOutput {
  /** The report, in pieces: a large run's report is never one string in memory. */
  chunks: Iterable<string>
  exitCode: number
}

function useColor(args: CliArgs): boolean {
  if (args.color !== undefined) return args.color
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (args.output) return false
  return process.stdout.isTTY === true
}

/** 2 for I/O trouble, else 1 when anything is pending or left, else 0. */
export function exitCodeOf(result: RunResult, write: boolean): number {
  const files = allFiles(result)
  const ioError = result.discovery.missing.length > 0 || files.some((f) => f.status === 'error' || f.skipReason === 'unreadable')
  if (ioError) return EXIT_ERROR
  const findings = files.some((f) => f.findings.length > 0)
  if (write) return findings ? EXIT_FINDINGS : EXIT_CLEAN
  return findings || files.some((f) => f.diff) ? EXIT_FINDINGS : EXIT_CLEAN
}

export async function runCommand(args: CliArgs): Promise<CommandOutput> {
  const { settings, config, paths, jobs, shard, verify } = await buildRunSettings(args)
  if (verify && !findGo()) throw new UsageError('--verify needs the go command, and none is on PATH; install Go or add its bin directory to PATH')
  if (settings.write && !args.allowDirty) {
    const dirty = dirtyFiles(paths, settings.cwd)
    const goDirty = [...dirty].filter((p) => p.endsWith('.go'))
    if (goDirty.length > 0) {
      throw new UsageError(
        `--write refuses to touch Go files with uncommitted changes (${goDirty.length}, e.g. ${displayPath(goDirty.sort()[0], settings.cwd)}); commit or stash them, or pass --allow-dirty`,
      )
    }
  }
  const progress = args.quiet ? undefined : startProgress()
  const verifying = verify ? verifyProgress(args.quiet ?? false, progress) : undefined
  let result: RunResult
  try {
    result = await run({ paths, settings, jobs, since: args.since, shard, exclude: config?.exclude, onProgress: progress?.update, verify, onVerifyProgress: verifying?.update })
  } finally {
    progress?.stop()
    verifying?.stop()
  }
  const exitCode = Math.max(exitCodeOf(result, settings.write), verifyExitCode(result.verify))
  const chunks = reportChunks(result, args.format, { color: useColor(args), cwd: settings.cwd, write: settings.write, list: args.list ?? false, quiet: args.quiet ?? false })
  if (result.timings) process.stderr.write(renderProfile(result.timings, result.elapsedMs, jobs))
  return { chunks, exitCode }
}
