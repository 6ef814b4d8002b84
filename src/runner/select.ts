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
