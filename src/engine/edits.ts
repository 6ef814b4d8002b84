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
  const ordered = fixes
    .map((fix) => ({ fix, first: firstStart(fix) }))
    .sort((a, b) => {
      const [pa, sa] = a.first
      const [pb, sb] = b.first
      if (pa !== pb) return pa < pb ? -1 : 1
      return sa - sb || a.fix.ruleOrder - b.fix.ruleOrder
    })
    .map((o) => o.fix)
  const kept: PendingFix[] = []
  const dropped: PendingFix[] = []
  // Kept edits per file, sorted by start: a dense file has thousands, so each test is a binary search.
  const taken = new Map<string, Required<Edit>[]>()
  const clashes = (e: Required<Edit>) => {
    const list = taken.get(e.path)
    if (!list) return false
    // Edits kept do not overlap, so their ends grow with their starts: only the neighbours can overlap.
    const i = firstEndingAfter(list, e.start)
    for (let j = Math.max(0, i - 1); j < list.length && list[j].start <= e.end; j++) if (overlaps(e, list[j])) return true
    return false
  }
  for (const fix of ordered) {
    const selfOverlap = fix.edits.length > 1 && fix.edits.some((e, i) => fix.edits.some((o, j) => i < j && overlaps(e, o)))
    if (selfOverlap || fix.edits.some(clashes)) {
      dropped.push(fix)
      continue
    }
    kept.push(fix)
    for (const e of fix.edits) {
      const list = taken.get(e.path) ?? []
      taken.set(e.path, list)
      list.splice(insertionPoint(list, e), 0, e)
    }
  }
  return { kept, dropped }
}

/** Index of the first edit (sorted, not overlapping) whose end is at or after `offset`. */
function firstEndingAfter(list: readonly Required<Edit>[], offset: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid].end < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Where `e` goes in a sorted list of edits: after those that start before it (or at it, and end no later). */
function insertionPoint(list: readonly Required<Edit>[], e: Required<Edit>): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid].start < e.start || (list[mid].start === e.start && list[mid].end <= e.end)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Applies non-overlapping edits to one text, in one pass over it. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  const parts: string[] = []
  let at = 0
  for (const e of sorted) {
    parts.push(text.slice(at, e.start), e.text)
    at = e.end
  }
  parts.push(text.slice(at))
  return parts.join('')
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
