import type { Codemod } from '../codemod/types.js'

/** Thrown for choices the user made that name nothing (an unknown rule id or section). */
export class SelectionError extends Error {}

/** The codemods a run uses: --rule picks, --section narrows, --skip removes. */
export function selectCodemods(all: Codemod[], choice: { rules: string[]; skip: string[]; sections: string[] }): Codemod[] {
  const ids = new Set(all.map((c) => c.meta.id))
  for (const id of [...choice.rules, ...choice.skip]) {
    if (!ids.has(id)) throw new SelectionError(`unknown rule "${id}"; valid rules: ${[...ids].sort().join(', ')}`)
  }
  const sections = choice.sections.map((s) => (s.startsWith('§') ? s : `§${s}`))
  const known = new Set(all.map((c) => c.meta.section))
  for (const s of sections) {
    if (!known.has(s)) throw new SelectionError(`no rule covers section ${s}; sections with rules: ${[...known].sort().join(', ')}`)
  }
  return all.filter(
    (c) =>
      (choice.rules.length === 0 || choice.rules.includes(c.meta.id)) &&
      (sections.length === 0 || sections.includes(c.meta.section)) &&
      !choice.skip.includes(c.meta.id),
  )
}

/**
 * Checks the per-rule `options:` of the configuration against the rules:
 * the rule must exist, each key must be one of its options, and the rule
 * must accept the values.
 */
export function checkRuleOptions(all: Codemod[], ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
  for (const [id, options] of Object.entries(ruleOptions)) {
    const codemod = all.find((c) => c.meta.id === id)
    if (!codemod) throw new SelectionError(`options: unknown rule "${id}"`)
    const known = Object.keys(codemod.defaultOptions ?? {})
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        throw new SelectionError(`options.${id}: unknown option "${key}"; ${known.length > 0 ? `${id} takes ${known.join(', ')}` : `${id} takes no options`}`)
      }
    }
    const problem = codemod.validateOptions?.({ ...codemod.defaultOptions, ...options })
    if (problem) throw new SelectionError(`options.${id}: ${problem}`)
  }
}
