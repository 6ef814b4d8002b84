import { CodemodLoadError } from '../codemod/loader.js'
import { ConfigError } from '../config/config.js'
import { GitError } from '../runner/git.js'
import { SelectionError } from '../runner/select.js'
import { LockError } from '../runner/lock.js'
import { describeErrno } from '../runner/errno.js'
import { RunInterrupted } from '../runner/interrupted.js'
import { displayPath } from '../report/paths.js'

import { UsageError } from '../api/errors.js'
export { UsageError }

export const EXIT_CLEAN = 0
export const EXIT_FINDINGS = 1
export const EXIT_ERROR = 2
/** As a shell reports a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130

/** What an interrupted run leaves behind, on stderr: every file it wrote (each whole), and nothing else. */
function reportInterrupt(e: RunInterrupted): number {
  const n = e.written.length
  const lines = [`guidefix: interrupted by ${e.signal}; ${n === 0 ? 'no file was written' : `${n} file${n === 1 ? ' was' : 's were'} written before it stopped, each in full; no other file was changed${n > 0 ? ':' : ''}`}`]
  for (const path of e.written) lines.push(`  ${displayPath(path, process.cwd())}`)
  process.stderr.write(lines.join('\n') + '\n')
  return EXIT_INTERRUPTED
}

/**
 * Prints a one-line reason for an error (no stack trace) and returns exit
 * code 2: a mistake in the call or the configuration, an I/O error, or a
 * fault of guidefix itself (an internal error), never 1, which means findings.
 */
export function exitCodeFor(e: unknown): number {
  if (e instanceof RunInterrupted) return reportInterrupt(e)
  const known = e instanceof UsageError || e instanceof ConfigError || e instanceof CodemodLoadError || e instanceof GitError || e instanceof SelectionError || e instanceof LockError
  const io = !known && typeof (e as NodeJS.ErrnoException)?.syscall === 'string'
  const errno = e as NodeJS.ErrnoException
  const message = io ? `${errno.path ? `${errno.path}: ` : ''}${describeErrno(e)}` : e instanceof Error ? e.message : String(e)
  const prefix = e instanceof CodemodLoadError ? 'codemod error: ' : e instanceof ConfigError ? 'config error: ' : known ? '' : io ? 'I/O error: ' : 'internal error: '
  process.stderr.write(`guidefix: ${prefix}${message.split('\n')[0]}\n`)
  if (e instanceof UsageError) process.stderr.write(`Run "guidefix --help" for usage.\n`)
  if (!known && !io) process.stderr.write(process.env.GUIDEFIX_DEBUG && e instanceof Error ? `${e.stack}\n` : `This is a fault in guidefix; GUIDEFIX_DEBUG=1 prints where it happened.\n`)
  return EXIT_ERROR
}
