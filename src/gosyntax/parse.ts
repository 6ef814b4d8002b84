import type { SgNode, SgRoot } from '@ast-grep/napi'
import { createRequire } from 'node:module'

let parser: typeof import('@ast-grep/napi').parse | undefined

/**
 * Loads napi and registers the Go grammar, once per process and only when
 * something is parsed: a process that only hands packages to workers and
 * prints their reports never pays for the native library.
 */
function goParser(): typeof import('@ast-grep/napi').parse {
  if (parser) return parser
  const require = createRequire(import.meta.url)
  const napi = require('@ast-grep/napi') as typeof import('@ast-grep/napi')
  napi.registerDynamicLanguage({ go: require('@ast-grep/lang-go') })
  return (parser = napi.parse)
}

export function parseGo(text: string): SgRoot {
  return goParser()('go', text)
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
