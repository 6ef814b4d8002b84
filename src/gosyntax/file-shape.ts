import type { SgNode } from '@ast-grep/napi'

/** What may stand at the top level of a Go file after its package clause and imports. */
const DECLARATIONS = new Set(['function_declaration', 'method_declaration', 'type_declaration', 'const_declaration', 'var_declaration'])

/**
 * Why the Go compiler rejects a file whose tree has no syntax error, or
 * null. The grammar is looser than Go: it accepts statements at the top
 * level (for its own tests) and any number of package clauses, anywhere.
 * Go wants one package clause first, then imports, then declarations.
 * A file with nothing but comments has nothing to analyse: it passes.
 */
export function compilerRejection(root: SgNode): { node: SgNode; reason: string } | null {
  let seenPackage = false
  let seenDeclaration = false
  for (const child of root.children()) {
    const kind = String(child.kind())
    // An ERROR node is the grammar's gap, judged elsewhere.
    if (kind === 'comment' || kind === 'ERROR' || !child.isNamed()) continue
    if (kind === 'package_clause') {
      if (seenPackage) return { node: child, reason: 'a second package clause' }
      seenPackage = true
      continue
    }
    if (!seenPackage) return { node: child, reason: 'code before the package clause' }
    if (kind === 'import_declaration') {
      if (seenDeclaration) return { node: child, reason: 'an import after a declaration' }
      continue
    }
    if (!DECLARATIONS.has(kind)) return { node: child, reason: `a statement outside any function (${kind.replace(/_/g, ' ')})` }
    seenDeclaration = true
  }
  return null
}
