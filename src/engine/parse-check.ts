import type { SgNode } from '@ast-grep/napi'
import { firstSyntaxError, parseGo } from '../gosyntax/parse.js'
import { namedChildren } from '../gosyntax/nodes.js'
import type { Hunk } from './layout.js'

/** A top-level declaration's kind and lines (0-based, inclusive). */
export interface TopLevelSpan {
  kind: string
  start: number
  end: number
}

interface TopLevel extends TopLevelSpan {
  /** Lines the fixes added before it; set once a fix changed it. */
  shift?: number
  /** Lines added (or removed, negative) inside it. */
  delta: number
}

/** What the parse check needs of a file's tree, small enough to keep once the tree is gone. */
export function topLevelSpans(root: SgNode): TopLevelSpan[] {
  return namedChildren(root)
    .filter((n) => n.kind() !== 'comment')
    .map((n) => {
      const r = n.range()
      return { kind: String(n.kind()), start: r.start.line, end: r.end.line }
    })
}

/**
 * Proves that `text`, which is the text whose top-level declarations are
 * `spans` with fixes applied (`hunks`: the lines they changed), still parses,
 * by parsing only the top-level declarations the fixes changed. A Go file is
 * a sequence of top-level declarations the parser reads one after another
 * from the same state, so when every changed declaration, parsed alone,
 * is exactly one declaration of its kind without syntax errors, the whole
 * file parses as it did. Returns false when that cannot be shown (a change
 * outside any declaration, or one that does not parse alone): the caller
 * then parses the whole file.
 */
export function changedDeclarationsParse(spans: readonly TopLevelSpan[], text: string, hunks: readonly Hunk[]): boolean {
  if (hunks.length === 0) return true
  const decls: TopLevel[] = spans.map((s) => ({ ...s, delta: 0 }))
  let shift = 0
  // Hunks and declarations both come in order: one walk pairs them.
  let k = 0
  for (const h of hunks) {
    // Old lines the hunk replaces (0-based, inclusive); an insertion goes between first - 1 and first.
    const first = h.oldStart - 1
    const last = h.oldLines > 0 ? first + h.oldLines - 1 : first
    const low = h.oldLines > 0 ? first : first - 1
    while (k < decls.length && decls[k].end < low) k++
    const d = decls[k]
    // The hunk must lie within one declaration, and no other may share its lines.
    if (!d || d.start > low || last > d.end || (k + 1 < decls.length && decls[k + 1].start <= last)) return false
    d.shift ??= shift
    d.delta += h.newLines - h.oldLines
    shift += h.newLines - h.oldLines
  }
  const lines = text.split('\n')
  for (const d of decls) {
    if (d.shift === undefined) continue
    const alone = `package p\n${lines.slice(d.start + d.shift, d.end + d.shift + d.delta + 1).join('\n')}\n`
    const root = parseGo(alone).root()
    if (firstSyntaxError(root)) return false
    const kinds = namedChildren(root).map((n) => String(n.kind())).filter((k) => k !== 'comment')
    if (kinds.length !== 2 || kinds[0] !== 'package_clause' || kinds[1] !== d.kind) return false
  }
  return true
}
