import type { Edit } from '../codemod/types.js'

/** A fix waiting to be applied: its edits already carry their file. */
export interface PendingFix {
  ruleOrder: number
  edits: Required<Edit>[]
  imports: string[]
  removeImports: string[]
  /** Index of the finding this fix belongs to. */
  findingIndex: number
}

function overlaps(a: Required<Edit>, b: Required<Edit>): boolean {
  if (a.path !== b.path) return false
  if (a.start === a.end && b.start === b.end) return a.start === b.start
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end)
}

function firstStart(fix: PendingFix): [string, number] {
  let best: Required<Edit> = fix.edits[0]
  for (const e of fix.edits) if (e.path < best.path || (e.path === best.path && e.start < best.start)) best = e
  return [best.path, best.start]
}

/**
 * Keeps the fixes that can be applied together: ordered by position, then
 * rule order; a fix any of whose edits overlaps a kept edit is dropped whole
 * (another pass will see it again on the new text).
 */
export function resolveOverlaps(fixes: PendingFix[]): { kept: PendingFix[]; dropped: PendingFix[] } {
  const ordered = [...fixes].sort((a, b) => {
    const [pa, sa] = firstStart(a)
    const [pb, sb] = firstStart(b)
    if (pa !== pb) return pa < pb ? -1 : 1
    return sa - sb || a.ruleOrder - b.ruleOrder
  })
  const kept: PendingFix[] = []
  const dropped: PendingFix[] = []
  const taken: Required<Edit>[] = []
  for (const fix of ordered) {
    const selfOverlap = fix.edits.some((e, i) => fix.edits.some((o, j) => i < j && overlaps(e, o)))
    if (selfOverlap || fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) {
      dropped.push(fix)
      continue
    }
    kept.push(fix)
    taken.push(...fix.edits)
  }
  return { kept, dropped }
}

/** Applies non-overlapping edits to one text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end)
  let out = text
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

const GO_KEYWORDS = new Set('break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '))
const WORD = /^[A-Za-z0-9_]+$/
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c)

/**
 * Whether the edits only swap letters, digits and underscores inside words
 * (`%v` → `%w`, a rename) without turning a word into or out of a keyword or
 * a number: the file then splits into the same kinds of tokens as before, so
 * if it parsed, it still parses.
 */
export function onlySwapsWords(text: string, edits: readonly Edit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]
    if (!WORD.test(e.text) || !WORD.test(text.slice(e.start, e.end))) return false
    let from = e.start
    while (isWordChar(text[from - 1])) from--
    let to = e.end
    while (isWordChar(text[to])) to++
    // Two edits in one word would need the combined result: not worth the bookkeeping.
    if (i > 0 && sorted[i - 1].end >= from) return false
    const before = text.slice(from, to)
    const after = text.slice(from, e.start) + e.text + text.slice(e.end, to)
    for (const word of [before, after]) if (/^[0-9]/.test(word) || GO_KEYWORDS.has(word)) return false
  }
  return true
}
