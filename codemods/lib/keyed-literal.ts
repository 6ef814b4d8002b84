import type { SgNode } from '@ast-grep/napi'
import type { Edit } from '../../src/codemod/types.js'
import { field, indentationAt, lineEndOf, namedChildren } from '../../src/gosyntax/nodes.js'

/**
 * Adding a `Key: value` element to a keyed composite literal the way gofmt
 * lays it out, so that a file stays gofmt-clean even where gofmt is not at
 * hand:
 *
 *	&http.Client{}                    →  &http.Client{Timeout: 30 * time.Second}
 *	&http.Client{Jar: jar}            →  &http.Client{Jar: jar, Timeout: 30 * time.Second}
 *	&http.Server{                     →  &http.Server{
 *		Addr:    addr,                       Addr:              addr,
 *		Handler: h,                          Handler:           h,
 *	}                                        ReadHeaderTimeout: 10 * time.Second,
 *	                                     }
 */

/** gofmt stops aligning keys longer than this with their neighbours by a size heuristic; leave those alone. */
const SMALL_KEY = 40

/** The keys of the literal's keyed elements, or null when it has positional elements. */
export function literalKeys(literal: SgNode): string[] | null {
  const body = field(literal, 'body')
  if (!body) return null
  const keys: string[] = []
  for (const el of namedChildren(body)) {
    if (el.kind() !== 'keyed_element') return null
    keys.push(namedChildren(el)[0]?.text() ?? '')
  }
  return keys
}

interface Element {
  node: SgNode
  key: SgNode
  value: SgNode
}

function elementsOf(body: SgNode): Element[] {
  return namedChildren(body).flatMap((node) => {
    const [key, value] = namedChildren(node)
    return key && value ? [{ node, key, value }] : []
  })
}

/** The edits that add `key: value` as the literal's last element; null when it has positional elements. */
export function appendKeyedElement(source: string, literal: SgNode, key: string, value: string): Edit[] | null {
  const body = field(literal, 'body')
  if (!body || literalKeys(literal) === null) return null
  const elements = elementsOf(body)
  const close = body.children().at(-1)!
  const closeAt = close.range().start.index
  const last = elements.at(-1)
  if (!last) return [{ start: closeAt, end: closeAt, text: `${key}: ${value}` }]
  const lastEnd = last.node.range().end
  // `}` right after the last element (on its line): one more element on that line.
  if (close.range().start.line === lastEnd.line) return [{ start: lastEnd.index, end: lastEnd.index, text: `, ${key}: ${value}` }]

  const section = alignedSection(source, elements)
  const indent = indentationAt(source, last.node.range().start.index)
  const at = lineEndOf(source, lastEnd.index)
  const edits: Edit[] = []
  let column = key.length + 2
  if (section && key.length < SMALL_KEY) {
    column = Math.max(column, section.column)
    // A longer key pushes the value column of the whole section to the right.
    if (column > section.column) {
      for (const el of section.elements) {
        const start = source.indexOf(':', el.key.range().end.index) + 1
        edits.push({ start, end: el.value.range().start.index, text: ' '.repeat(column - el.key.text().length - 1) })
      }
    }
  }
  edits.push({ start: at, end: at, text: `${indent}${key}:${' '.repeat(column - key.length - 1)}${value},\n` })
  return edits
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1
}

/**
 * The run of one-line elements that ends with the last one, each on the line
 * after the one before (gofmt aligns their values in one column), when the
 * run is laid out as gofmt does it; null otherwise.
 */
function alignedSection(source: string, elements: Element[]): { elements: Element[]; column: number } | null {
  const run: Element[] = []
  for (let i = elements.length - 1; i >= 0; i--) {
    const el = elements[i]
    const r = el.node.range()
    if (r.start.line !== r.end.line || el.key.text().length >= SMALL_KEY) break
    const next = run[0]
    if (next && next.node.range().start.line !== r.end.line + 1) break
    if (i > 0 && elements[i - 1].node.range().end.line === r.start.line) break
    run.unshift(el)
  }
  if (run.length === 0) return null
  const columns = new Set(run.map((el) => el.value.range().start.index - lineStart(source, el.value.range().start.index) - indentationAt(source, el.node.range().start.index).length))
  const widest = Math.max(...run.map((el) => el.key.text().length + 2))
  // Not laid out as gofmt would (hand-aligned, or one space after every key in a run of several): keep it as it is.
  if (columns.size !== 1 || [...columns][0] !== widest) return null
  return { elements: run, column: widest }
}
