import { CodemodLoadError } from '../codemod/loader.js'
import { ConfigError } from '../config/config.js'
import { GitError } from '../runner/git.js'
import { SelectionError } from '../runner/select.js'

/** A mistake in how guidefix was called. */
export class UsageError extends Error {}

export const EXIT_CLEAN = 0
export const EXIT_FINDINGS = 1
export const EXIT_ERROR = 2

/** Prints a one-line reason for an error (no stack trace) and returns exit code 2. */
export function exitCodeFor(e: unknown): number {
  const known = e instanceof UsageError || e instanceof ConfigError || e instanceof CodemodLoadError || e instanceof GitError || e instanceof SelectionError
  const message = e instanceof Error ? e.message : String(e)
  const prefix = e instanceof CodemodLoadError ? 'codemod error: ' : e instanceof ConfigError ? 'config error: ' : ''
  process.stderr.write(`guidefix: ${prefix}${message.split('\n')[0]}\n`)
  if (e instanceof UsageError) process.stderr.write(`Run "guidefix --help" for usage.\n`)
  if (!known && process.env.GUIDEFIX_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`)
  return EXIT_ERROR
}
