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
 * The first syntax problem in a tree: an ERROR node, or (unless `quick`) a
 * MISSING node that tree-sitter inserted to recover, which shows as a
 * zero-width node. `quick` is for input files, where a MISSING node is rare
 * and the full scan costs as much as the parse; fixed output always gets it.
 */
export function firstSyntaxError(root: SgNode, quick = false): SgNode | null {
  return root.find({ rule: { kind: 'ERROR' } }) ?? (quick ? null : root.find({ rule: { regex: '^$' } }))
}
