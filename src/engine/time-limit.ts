import { createContext, Script } from 'node:vm'

/** Thrown when a file used up its time: which file, and the rule running then, when one was. */
export class FileTimeout extends Error {
  constructor(
    readonly limitMs: number,
    readonly ruleId?: string,
  ) {
    super(`took longer than the ${formatLimit(limitMs)} limit per file${ruleId ? ` (while rule ${ruleId} ran)` : ''}`)
  }
}

export function formatLimit(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}

const sandbox: { run: (() => unknown) | null } = { run: null }
const context = createContext(sandbox)
const call = new Script('run()')

/**
 * Runs `fn` and interrupts it when it runs longer than `ms`, even in an
 * endless loop: node's script timeout stops whatever JavaScript runs, the
 * function called from the script included. Each call costs a fraction of
 * a millisecond (a watchdog thread), so only rules loaded from the user's
 * folders run this way. Returns false when interrupted.
 */
export function runInterruptible(fn: () => void, ms: number): boolean {
  sandbox.run = fn
  try {
    call.runInContext(context, { timeout: Math.max(1, Math.ceil(ms)) })
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false
    throw e
  } finally {
    sandbox.run = null
  }
}
