import type { Edit } from '../codemod/types.js'
import { UNUSED_IGNORE } from '../codemod/engine-checks.js'
import type { Directive } from './suppress.js'

/** What a file's run tells about its directives. */
export interface DirectiveUse {
  /** For each directive (by index), the rules whose findings it suppressed. */
  used: ReadonlyMap<number, ReadonlySet<string>>
  /** Rules that ran on the file and finished (a rule a prefilter skipped ran and found nothing). */
  ran: ReadonlySet<string>
  /**
   * Rules the run's selection kept and that did not fail on the file, those
   * its Go version leaves out included: such a rule cannot report on this
   * file at this version, so a bare directive is not kept for it.
   */
  selected: ReadonlySet<string>
  /** Every rule id of the catalog: a name outside it may belong to rules loaded elsewhere, and is not judged. */
  known: ReadonlySet<string>
}

/** A `//guidefix:ignore` directive, or some names of it, that suppressed nothing. */
export interface UnusedDirective {
  /** Index of the directive in the file's list. */
  index: number
  /** The unused names; empty for a bare directive (every rule). */
  names: string[]
  /** Whether the whole directive goes (no name of it is left). */
  whole: boolean
}

/**
 * The directives that suppressed nothing, judged only where the answer is
 * sure: a `//guidefix:ignore` comment (never `//nolint`, which other linters
 * read), only names of rules that ran on the file, and a bare directive only
 * when the selection held every rule of the catalog and none failed (a rule
 * the Go version leaves out counts as having found nothing). A directive naming unused-ignore
 * suppresses nothing, since that report cannot be suppressed.
 */
export function unusedDirectives(directives: readonly Directive[], use: DirectiveUse): UnusedDirective[] {
  const out: UnusedDirective[] = []
  const ranAll = [...use.known].every((id) => use.selected.has(id))
  directives.forEach((d, index) => {
    if (d.kind !== 'guidefix' || !d.leading) return
    const used = use.used.get(index)
    if (d.names.length === 0) {
      if (ranAll && !used?.size) out.push({ index, names: [], whole: true })
      return
    }
    const judged = (name: string) => name === UNUSED_IGNORE || (use.known.has(name) && use.ran.has(name))
    const unused = d.names.filter(({ name }) => judged(name) && !used?.has(name)).map(({ name }) => name)
    if (unused.length > 0) out.push({ index, names: [...new Set(unused)], whole: unused.length === d.names.length })
  })
  return out
}

/** The finding's message. */
export function unusedMessage(u: UnusedDirective): string {
  if (u.names.length === 0) return 'unused //guidefix:ignore: no rule reported anything on this line or the next'
  const list = u.names.length === 1 ? u.names[0] : `${u.names.slice(0, -1).join(', ')} and ${u.names[u.names.length - 1]}`
  return `unused //guidefix:ignore: ${list} reported nothing on this line or the next`
}

/**
 * The edit that takes an unused directive (or its unused names) out of the
 * text: a comment on a line of its own goes with its line, a trailing one
 * with the blanks before it; unused names leave the list, which keeps the
 * others, their separator and the ` -- reason`.
 */
export function removalEdit(text: string, d: Directive, u: UnusedDirective): Edit {
  if (!u.whole) {
    const kept = d.names.filter(({ name }) => !u.names.includes(name))
    const separator = text.slice(d.names[0].end, d.names[1].start)
    return { start: d.names[0].start, end: d.names[d.names.length - 1].end, text: kept.map((n) => n.name).join(separator) }
  }
  const lineStart = text.lastIndexOf('\n', d.start - 1) + 1
  let from = d.start
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--
  if (from > lineStart) return { start: from, end: d.end, text: '' }
  const newline = text.indexOf('\n', d.end)
  if (newline === -1) return { start: Math.max(0, lineStart - 1), end: text.length, text: '' }
  // Between two blank lines, the line goes with one of them: gofmt would not leave two.
  const blank = (from: number, to: number) => /^[ \t]*$/.test(text.slice(from, to))
  const prevStart = lineStart === 0 ? -1 : text.lastIndexOf('\n', lineStart - 2) + 1
  const nextEnd = text.indexOf('\n', newline + 1)
  const blankBefore = prevStart !== -1 && blank(prevStart, lineStart - 1)
  const blankAfter = nextEnd !== -1 && blank(newline + 1, nextEnd)
  return { start: lineStart, end: blankBefore && blankAfter ? nextEnd + 1 : newline + 1, text: '' }
}
