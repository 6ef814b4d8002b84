import { parse, registerDynamicLanguage, type SgNode, type SgRoot } from '@ast-grep/napi'
import { createRequire } from 'node:module'

let registered = false

/** Registers the Go grammar with napi once per thread. */
export function ensureGoLanguage(): void {
  if (registered) return
  const require = createRequire(import.meta.url)
  const go = require('@ast-grep/lang-go')
  registerDynamicLanguage({ go })
  registered = true
}

export function parseGo(text: string): SgRoot {
  ensureGoLanguage()
  return parse('go', text)
}

/**
 * The first syntax problem in a tree: an ERROR node, or a MISSING node that
 * tree-sitter inserted to recover (a zero-width leaf).
 */
export function firstSyntaxError(root: SgNode): SgNode | null {
  const error = root.find({ rule: { kind: 'ERROR' } })
  if (error) return error
  const stack: SgNode[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    const children = node.children()
    if (children.length === 0) {
      if (node.text() === '' && node.kind() !== 'source_file') return node
      continue
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return null
}
