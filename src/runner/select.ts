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
 * Checks the `options:` a configuration sets against the rules that run: a
 * key the rule does not know, or a value its own check rejects, stops the
 * run before any file is read rather than being ignored or failing per file.
 */
export function checkRuleOptions(codemods: readonly Codemod[], ruleOptions: Readonly<Record<string, Record<string, unknown>>>): void {
  for (const c of codemods) {
    const given = ruleOptions[c.meta.id]
    if (!given) continue
    const problems: string[] = []
    if (c.defaultOptions) {
      const known = Object.keys(c.defaultOptions)
      for (const key of Object.keys(given)) if (!known.includes(key)) problems.push(`${key}: unknown option; this rule takes ${known.join(', ')}`)
    }
    problems.push(...(c.validateOptions?.({ ...(c.defaultOptions ?? {}), ...given }) ?? []))
    if (problems.length > 0) throw new SelectionError(problems.map((p) => `options.${c.meta.id}.${p}`).join('; '))
  }
}
