import type { Codemod } from '../codemod/types.js'
import { firstSyntaxError, parseGo } from '../gosyntax/parse.js'
import { processPackage } from './engine.js'
import { parseGoVersion } from './go-version.js'

/** An example is a whole file, statements (wrapped in a function) or declarations (at the top level). */
export function exampleAsFile(example: string): string {
  if (/^\s*package\s/.test(example)) return example
  const inFunc = `package p\n\nfunc _() {\n${example}\n}\n`
  if (!firstSyntaxError(parseGo(inFunc).root())) return inFunc
  return `package p\n\n${example}\n`
}

/** A rule gets this long for one example at load. */
const EXAMPLE_TIMEOUT_MS = 10_000

/** The first lines of an example, to name it in a message. */
function excerpt(example: string): string {
  const lines = example.trim().split('\n')
  return JSON.stringify(lines.slice(0, 2).join('\n') + (lines.length > 2 ? '\n…' : ''))
}

/**
 * Runs a rule on its own examples: each `bad` must be reported, each `good`
 * must not. A user's rule whose pattern silently matches nothing (a Go
 * pattern that parses as something else) is caught here, at load, rather
 * than by a run that finds nothing. Returns what went wrong, or null.
 */
export async function exampleProblem(codemod: Codemod): Promise<string | null> {
  const id = codemod.meta.id
  const goVersion = codemod.meta.goVersion?.max ? parseGoVersion(codemod.meta.goVersion.min ?? '1.0') : parseGoVersion('1.26')
  const reports = async (example: string): Promise<string | boolean> => {
    const text = exampleAsFile(example)
    const [r] = await processPackage([{ path: 'example.go', text }], { codemods: [{ ...codemod, order: 0 }], goVersion, applyTiers: new Set(), fileTimeoutMs: EXAMPLE_TIMEOUT_MS })
    if (r.skipReason === 'timeout') return `makes rule ${id} run too long: it ${r.skipped}`
    if (r.skipped) return `is not Go that parses (${r.skipped})`
    const failure = r.findings.find((f) => f.ruleId === id && f.message.startsWith(`internal error in rule ${id}`))
    if (failure) return `makes rule ${id} fail: ${failure.message}`
    return r.findings.some((f) => f.ruleId === id)
  }
  for (const [i, ex] of codemod.meta.examples.entries()) {
    const bad = await reports(ex.bad)
    if (typeof bad === 'string') return `examples[${i}].bad ${bad}`
    if (!bad) return `rule ${id} does not report its examples[${i}].bad ${excerpt(ex.bad)}: its pattern matches nothing there`
    if (ex.good === undefined) continue
    const good = await reports(ex.good)
    if (typeof good === 'string') return `examples[${i}].good ${good}`
    if (good) return `rule ${id} reports its examples[${i}].good ${excerpt(ex.good)}, which shows the code it asks for`
  }
  return null
}
