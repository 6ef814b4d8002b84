import type { SgNode } from '@ast-grep/napi'
import type { PackageIndex } from '../engine/package-index.js'
import { field } from './nodes.js'
import { lookupLocal } from './scope.js'

/** Sentinel errors of the standard library whose names do not start with Err. */
const STDLIB_SENTINELS = new Set(['io.EOF', 'context.Canceled', 'context.DeadlineExceeded'])

/** Calls whose result is an error value. */
const ERROR_CONSTRUCTORS = /^(errors\.(New|Join|Unwrap|Errorf)|fmt\.Errorf|xerrors\.(New|Errorf)|.*\.Err)$/

/**
 * Whether an expression looks like a sentinel error value: `ErrX`, `errX`,
 * `pkg.ErrX`, or a well-known standard library sentinel such as `io.EOF`.
 */
export function isSentinel(expr: SgNode, pkg?: PackageIndex): boolean {
  const kind = expr.kind()
  if (kind === 'identifier') {
    const name = expr.text()
    const local = lookupLocal(expr, name)
    if (local) return /^(Err|err)[A-Z0-9]/.test(name) && local.kind === 'var' && local.type === 'error'
    const decl = pkg?.decls.get(name)
    if (decl) {
      if (decl.kind !== 'var') return false
      // A package-level error value is a sentinel whatever its name (ErrorNotFound, invalidAmountError).
      if (decl.type === 'error') return true
      if (decl.value?.kind() === 'call_expression' && ERROR_CONSTRUCTORS.test(field(decl.value, 'function')?.text() ?? '')) return true
    }
    return /^(Err|err)[A-Z0-9]/.test(name)
  }
  if (kind === 'selector_expression') {
    const operand = field(expr, 'operand')
    const f = field(expr, 'field')?.text() ?? ''
    if (!operand || operand.kind() !== 'identifier') return false
    return /^Err[A-Z0-9]|^Error[A-Z]|[a-z]Error$/.test(f) || STDLIB_SENTINELS.has(expr.text())
  }
  return false
}

/** True inside a method named `name` with an error-ish receiver (`Is`, `As`, `Unwrap`). */
export function insideMethod(node: SgNode, names: readonly string[]): boolean {
  return node.ancestors().some((a) => a.kind() === 'method_declaration' && names.includes(field(a, 'name')?.text() ?? ''))
}
