import type { SgNode } from '@ast-grep/napi'
import { positionAt } from './positions.js'

/**
 * A stretch of a file the grammar could not parse (an ERROR node) although
 * the Go parser accepts the file: newer syntax than the grammar knows. No
 * finding is reported in it and no edit may touch it.
 */
export interface SyntaxGap {
  start: number
  end: number
}

/** The outermost ERROR nodes of a tree, in document order. */
export function syntaxGaps(root: SgNode): SyntaxGap[] {
  const gaps: SyntaxGap[] = []
  for (const node of root.findAll({ rule: { kind: 'ERROR' } })) {
    const r = node.range()
    const last = gaps[gaps.length - 1]
    if (last && r.start.index < last.end) last.end = Math.max(last.end, r.end.index)
    else gaps.push({ start: r.start.index, end: r.end.index })
  }
  return gaps
}

/**
 * How many syntax problems a tree has: ERROR nodes and the zero-width
 * (MISSING) nodes tree-sitter inserts to recover. Fixed text may not have
 * more than its input.
 */
export function syntaxProblemCount(root: SgNode): number {
  return root.findAll({ rule: { kind: 'ERROR' } }).length + root.findAll({ rule: { regex: '^$' } }).length
}

/** Whether [start, end) overlaps a gap or touches its edge: an edit there could change what the gap means. */
export function touchesGap(gaps: readonly SyntaxGap[], start: number, end: number): boolean {
  return gaps.some((g) => start <= g.end && g.start <= end)
}

/** Whether a finding's range lies inside or across a gap (touching its edge is fine). */
export function overlapsGap(gaps: readonly SyntaxGap[], start: number, end: number): boolean {
  return gaps.some((g) => start < g.end && g.start < end)
}

/** Whether the identifier appears as a whole word in a gap: a rename or a new import name could miss or shadow it there. */
export function gapMentions(gaps: readonly SyntaxGap[], text: string, word: string): boolean {
  const re = new RegExp(`(^|[^A-Za-z0-9_])${word.replace(/[^A-Za-z0-9_]/g, '')}($|[^A-Za-z0-9_])`)
  return gaps.some((g) => re.test(text.slice(g.start, g.end)))
}

/**
 * The message for a file analysed around its gaps: where the first is and,
 * when it is a known gap of the grammar rather than of the code, which one.
 */
export function describeGaps(text: string, gaps: readonly SyntaxGap[]): string {
  const first = gaps[0]
  const at = first ? positionAt(text, first.start) : { line: 1, column: 1 }
  const where = `${at.line}:${at.column}`
  const count = gaps.length === 1 ? '' : ` (and ${gaps.length - 1} more place${gaps.length === 2 ? '' : 's'})`
  const known = gaps.some((g) => hasNewOfExpression(lineSpan(text, g)))
  const what = known ? 'Go 1.26 new(expr) is not understood by the parser yet' : 'syntax the parser does not understand, though the Go parser accepts it'
  return `${where}${count}: ${what}; the rest of the file was analysed and nothing there was changed`
}

/** The whole lines a gap spans: an ERROR node may start inside the call it is about. */
function lineSpan(text: string, gap: SyntaxGap): string {
  const from = text.lastIndexOf('\n', gap.start - 1) + 1
  const to = text.indexOf('\n', gap.end)
  return text.slice(from, to === -1 ? text.length : to)
}

/** Type keywords a type argument of new may start with. */
const TYPE_START = /^(\*|\[|map\b|chan\b|<-|func\b|struct\b|interface\b)/

/**
 * Whether the text calls `new` with an argument that can only be an
 * expression (a call, a literal, an operator): Go 1.26 allows it, the
 * grammar expects a type there.
 */
export function hasNewOfExpression(text: string): boolean {
  const call = /(^|[^A-Za-z0-9_.])new\s*\(/g
  for (let m = call.exec(text); m; m = call.exec(text)) {
    let depth = 1
    let i = m.index + m[0].length
    const from = i
    while (i < text.length && depth > 0) {
      if (text[i] === '(') depth++
      else if (text[i] === ')') depth--
      i++
    }
    const arg = text.slice(from, i - 1).trim()
    if (arg === '' || TYPE_START.test(arg)) continue
    if (/^[0-9"'`]|[()"'`+\-/%&|^=!<>]/.test(arg)) return true
  }
  return false
}
