import type { Codemod } from '../codemod/types.js'

/** Thrown for choices the user made that name nothing (an unknown rule id or section). */
export class SelectionError extends Error {}

/** The codemods a run uses: --rule picks, --section narrows, --skip removes. */
export function selectCodemods(
  all: Codemod[],
  choice: { rules: string[]; skip: string[]; sections: string[]; ruleOptions?: Readonly<Record<string, Record<string, unknown>>> },
): Codemod[] {
  const ids = new Set(all.map((c) => c.meta.id))
  checkOptions(all, choice.ruleOptions ?? {})
  for (const id of [...choice.rules, ...choice.skip]) {
    if (!ids.has(id)) throw new SelectionError(`unknown rule "${id}"; valid rules: ${[...ids].sort().join(', ')}`)
  }
  const sections = choice.sections.map((s) => (s.startsWith('§') ? s : `§${s}`))
  const known = new Set(all.map((c) => c.meta.section))
  for (const s of sections) {
    if (!known.has(s)) throw new SelectionError(`no rule covers section ${s}; sections with rules: ${[...known].sort().join(', ')}`)
  }
  const chosen = all.filter(
    (c) =>
      (choice.rules.length === 0 || choice.rules.includes(c.meta.id)) &&
      (sections.length === 0 || sections.includes(c.meta.section)) &&
      !choice.skip.includes(c.meta.id),
  )
  // A run with no rule checks nothing and would pass whatever the code: a choice that leaves none is a mistake.
  if (chosen.length === 0 && all.length > 0) {
    const asked = [
      choice.rules.length > 0 ? `rules ${choice.rules.map((id) => `${id} (${all.find((c) => c.meta.id === id)!.meta.section})`).join(', ')}` : '',
      sections.length > 0 ? `section${sections.length === 1 ? '' : 's'} ${sections.join(', ')}` : '',
      choice.skip.length > 0 ? `skipping ${choice.skip.join(', ')}` : '',
    ].filter(Boolean)
    throw new SelectionError(`no rule is left to run: ${asked.join(' with ')} select none`)
  }
  return chosen
}

/**
 * Rule options name options the rule declares (in its defaultOptions), with
 * a value of the same kind as the default: a typo must not be ignored silently.
 */
function checkOptions(all: Codemod[], options: Readonly<Record<string, Record<string, unknown>>>): void {
  for (const [id, given] of Object.entries(options)) {
    const rule = all.find((c) => c.meta.id === id)
    if (!rule) continue
    const defaults = rule.defaultOptions ?? {}
    for (const [key, value] of Object.entries(given ?? {})) {
      if (!(key in defaults)) {
        const known = Object.keys(defaults)
        throw new SelectionError(`rule ${id} has no option "${key}"${known.length ? `; its options: ${known.join(', ')}` : ''}`)
      }
      const want = typeof defaults[key]
      if (typeof value !== want) throw new SelectionError(`option ${key} of rule ${id} must be a ${want} (got ${JSON.stringify(value)})`)
    }
  }
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
