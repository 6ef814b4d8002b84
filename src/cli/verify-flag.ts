import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEFAULT_VERIFY, VERIFY_CHECKS, type VerifyCheck } from '../runner/go-toolchain.js'
import { UsageError } from './exit.js'
import { startProgress, type Progress } from './progress.js'
import type { VerifyReport } from '../runner/verify.js'

/**
 * Reads `--verify[=build,vet,test]`. A flag with an optional value takes the
 * next word as its value, so `--verify ./pkg` hands over a path: an existing
 * path is given back as one, and the checks are the default.
 */
export function parseVerify(value: string | boolean | undefined, cwd: string): { checks: VerifyCheck[]; path?: string } | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true || value === '') return { checks: [...DEFAULT_VERIFY] }
  const words = String(value).split(',').map((w) => w.trim()).filter(Boolean)
  if (words.every((w) => (VERIFY_CHECKS as readonly string[]).includes(w))) {
    return { checks: VERIFY_CHECKS.filter((c) => words.includes(c)) }
  }
  if (existsSync(resolve(cwd, String(value)))) return { checks: [...DEFAULT_VERIFY], path: String(value) }
  throw new UsageError(`--verify takes build, vet or test, comma-separated (got "${value}")`)
}

/** 1 when --verify took fixes back: the run did not do all it set out to. */
export function verifyExitCode(report: VerifyReport | undefined): number {
  return report?.packages.some((p) => p.status === 'rolled-back') ? 1 : 0
}

/** A progress bar for the verification, started when the fixing bar is done with. */
export function verifyProgress(quiet: boolean, fixing: Progress | undefined): Progress | undefined {
  if (quiet) return undefined
  let bar: Progress | undefined
  return {
    update(done, total) {
      if (!bar) {
        fixing?.stop()
        bar = startProgress('packages verified')
      }
      bar?.update(done, total)
    },
    stop() {
      bar?.stop()
    },
  }
}
