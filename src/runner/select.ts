import type { Codemod } from '../codemod/types.js'
import { UNUSED_IGNORE } from '../codemod/engine-checks.js'

/** Thrown for choices the user made that name nothing (an unknown rule id or section). */
export class SelectionError extends Error {}

/** The codemods a run uses: --rule picks, --section narrows, --skip removes. */
export function selectCodemods(
  all: Codemod[],
  choice: { rules: string[]; skip: string[]; sections: string[]; ruleOptions?: Readonly<Record<string, Record<string, unknown>>> },
): Codemod[] {
  const ids = new Set(all.map((c) => c.meta.id))
  checkRuleOptions(all, choice.ruleOptions ?? {})
  for (const id of [...choice.rules, ...choice.skip]) {
    if (id === UNUSED_IGNORE) throw new SelectionError(`"${id}" is not a rule to choose: it reports the ignore directives of the rules that run, and --report-unused-ignores (or reportUnusedIgnores: true in .guidefix.yml) turns it on`)
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
 * Checks the per-rule `options:` of the configuration before any file is
 * read: the rule must exist, each key must be one it declares (in its
 * defaultOptions) with a value of the same kind as the default, and the rule's
 * own check must accept the values. A typo is an error, never ignored.
 */
export function checkRuleOptions(all: readonly Codemod[], ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
  const problems: string[] = []
  for (const [id, given] of Object.entries(ruleOptions)) {
    const rule = all.find((c) => c.meta.id === id)
    if (!rule) {
      problems.push(`options: unknown rule "${id}"`)
      continue
    }
    const defaults = rule.defaultOptions ?? {}
    const known = Object.keys(defaults)
    for (const [key, value] of Object.entries(given ?? {})) {
      if (!(key in defaults)) problems.push(`options.${id}: unknown option "${key}"; ${known.length > 0 ? `${id} takes ${known.join(', ')}` : `${id} takes no options`}`)
      else if (Array.isArray(defaults[key]) !== Array.isArray(value) || typeof value !== typeof defaults[key]) {
        problems.push(`options.${id}.${key} must be ${Array.isArray(defaults[key]) ? 'a list' : `a ${typeof defaults[key]}`} (got ${JSON.stringify(value)})`)
      }
    }
    if (problems.length === 0) problems.push(...(rule.validateOptions?.({ ...defaults, ...given }) ?? []).map((p) => `options.${id}.${p}`))
  }
  if (problems.length > 0) throw new SelectionError(problems.join('; '))
}
