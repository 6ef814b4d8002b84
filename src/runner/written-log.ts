import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const PREFIX = 'written-'

/**
 * Records, in the run's report folder, each file a worker process wrote,
 * as it is written: if the run is interrupted before the worker's report
 * arrives, the main process can still say what was changed.
 */
export function logWritten(reportDir: string, path: string): void {
  appendFileSync(join(reportDir, `${PREFIX}${process.pid}`), `${path}\n`)
}

/** Every file the run's worker processes recorded as written. */
export function writtenBy(reportDir: string): string[] {
  const out: string[] = []
  let names: string[] = []
  try {
    names = readdirSync(reportDir)
  } catch {
    return out
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue
    try {
      out.push(...readFileSync(join(reportDir, name), 'utf8').split('\n').filter(Boolean))
    } catch {
      /* gone with its folder */
    }
  }
  return out
}
