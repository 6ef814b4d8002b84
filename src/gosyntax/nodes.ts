import type { SgNode } from '@ast-grep/napi'

/** Named children of a node, skipping comments. */
export function namedChildren(node: SgNode): SgNode[] {
  return node.namedChildren().filter((c) => c.kind() !== 'comment')
}

export function fieldChildren(node: SgNode, field: string): SgNode[] {
  try {
    return node.fieldChildren(field).filter((c) => c.kind() !== 'comment')
  } catch {
    return []
  }
}

export function field(node: SgNode, name: string): SgNode | null {
  try {
    return node.field(name)
  } catch {
    return null
  }
}

/** Identifiers of an `expression_list` (or a single identifier). */
export function identifiersOf(node: SgNode | null): SgNode[] {
  if (!node) return []
  if (node.kind() === 'identifier') return [node]
  return namedChildren(node).filter((c) => c.kind() === 'identifier')
}

/** The closest function (declaration, method or literal) that contains the node. */
export function enclosingFunction(node: SgNode): SgNode | null {
  return (
    node.ancestors().find((a) => {
      const k = a.kind()
      return k === 'function_declaration' || k === 'method_declaration' || k === 'func_literal'
    }) ?? null
  )
}

/** The named function or method declaration around a node (through closures). */
export function enclosingNamedFunction(node: SgNode): SgNode | null {
  return (
    node.ancestors().find((a) => {
      const k = a.kind()
      return k === 'function_declaration' || k === 'method_declaration'
    }) ?? null
  )
}

/** The whitespace that starts the line the offset is on. */
export function indentationAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1
  let end = lineStart
  while (source[end] === ' ' || source[end] === '\t') end++
  return source.slice(lineStart, end)
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1
}

/** Offset just past the end of the line holding `offset` (after its newline). */
export function lineEndOf(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset)
  return nl === -1 ? source.length : nl + 1
}

export function isExported(name: string): boolean {
  return /^\p{Lu}/u.test(name)
}
