import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describeErrno } from '../runner/errno.js'
import { UsageError } from './exit.js'

/**
 * Checks where --output will go before anything else happens, so that a
 * mistake is a usage error and never follows fixes already written: a .go
 * name (the report would replace Go source), a directory, or a place that
 * cannot be written.
 */
export function checkOutputPath(output: string, cwd: string): void {
  const path = resolve(cwd, output)
  if (/\.go$/i.test(path)) throw new UsageError(`--output ${output}: a report never goes to a .go file (it would replace Go source); choose another name`)
  let exists = true
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--output ${output}: is a directory`)
  } catch (e) {
    if (e instanceof UsageError) throw e
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`--output ${output}: ${describeErrno(e)}`)
    exists = false
  }
  const target = exists ? path : dirname(path)
  try {
    if (!exists && !statSync(target).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    accessSync(target, constants.W_OK)
  } catch (e) {
    throw new UsageError(`--output ${output}: cannot write ${exists ? 'the file' : 'in its directory'}: ${describeErrno(e)}`)
  }
}
