import type { SgNode } from '@ast-grep/napi'
import type { PackageIndex } from '../engine/package-index.js'
import { field, namedChildren } from './nodes.js'
import { lookupLocal, type Decl } from './scope.js'

/** Sentinel errors of the standard library whose names do not start with Err. */
const STDLIB_SENTINELS = new Set(['io.EOF', 'context.Canceled', 'context.DeadlineExceeded'])

const ERR_NAME = /^(err|Err)([A-Z0-9_]|$)|Err(or)?$|^e$/

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

export type Answer = 'yes' | 'no' | 'unknown'

const BUILTIN_TYPES = new Set(['string', 'bool', 'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'any'])

function typeIsError(type: string | undefined, pkg?: PackageIndex): Answer {
  if (!type) return 'unknown'
  if (type === 'error') return 'yes'
  const base = type.replace(/^\*/, '')
  // Another package's type named …Error (*url.Error, *fs.PathError) is an error by convention.
  if (/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_]*Error$/.test(base)) return 'yes'
  // Built-in and composite types are never this package's error types: no need to load the package.
  if (BUILTIN_TYPES.has(base) || /[.[\]{}( ]/.test(base)) return 'no'
  if (pkg?.errorTypes().has(base)) return 'yes'
  return 'no'
}

function calleeText(call: SgNode): string {
  return field(call, 'function')?.text() ?? ''
}

function fromDecl(decl: Decl, name: string, pkg?: PackageIndex): Answer {
  switch (decl.kind) {
    case 'param':
    case 'result':
    case 'receiver':
      return typeIsError(decl.type, pkg)
    case 'typeswitch':
    case 'range':
    case 'recv':
    case 'const':
    case 'type':
    case 'func':
    case 'import':
      return 'no'
    default:
      break
  }
  if (decl.type) return typeIsError(decl.type, pkg)
  if (decl.value) {
    const v = decl.value
    if (v.kind() === 'call_expression') {
      const callee = calleeText(v)
      if (callee === 'recover') return 'no'
      if (ERROR_CONSTRUCTORS.test(callee)) return 'yes'
      return ERR_NAME.test(name) ? 'yes' : 'unknown'
    }
    if (v.kind() === 'identifier' || v.kind() === 'selector_expression') return isErrorValue(v, pkg)
    return String(v.kind()).endsWith('literal') ? 'no' : 'unknown'
  }
  if (decl.multiValue) {
    const { expr, index, count } = decl.multiValue
    if (expr.kind() === 'type_assertion_expression') return index === 0 ? typeIsError(field(expr, 'type')?.text(), pkg) : 'no'
    if (expr.kind() === 'call_expression' && calleeText(expr) !== 'recover') return index === count - 1 && ERR_NAME.test(name) ? 'yes' : 'unknown'
    return 'unknown'
  }
  return 'unknown'
}

/**
 * Whether an expression is an error value, judged from declarations in scope
 * (no type checker): a parameter or variable of type `error`, the error
 * result of a call, `errors.New(…)`, `ctx.Err()`, a sentinel.
 */
export function isErrorValue(expr: SgNode, pkg?: PackageIndex): Answer {
  switch (expr.kind()) {
    case 'parenthesized_expression': {
      const inner = namedChildren(expr)[0]
      return inner ? isErrorValue(inner, pkg) : 'unknown'
    }
    case 'identifier': {
      const name = expr.text()
      if (name === 'nil' || name === '_') return 'no'
      const local = lookupLocal(expr, name)
      if (local) return fromDecl(local, name, pkg)
      const decl = pkg?.decls.get(name)
      if (decl) return fromDecl(decl, name, pkg)
      // Declared in no file we can see: trust the name, as Go code spells error variables err/errX.
      return /^(err|Err)([A-Z0-9_]|$)/.test(name) ? 'yes' : 'unknown'
    }
    case 'selector_expression':
      if (isSentinel(expr, pkg)) return 'yes'
      return /^(Err|Cause)$/.test(field(expr, 'field')?.text() ?? '') ? 'yes' : 'unknown'
    case 'call_expression': {
      const callee = calleeText(expr)
      if (ERROR_CONSTRUCTORS.test(callee)) return 'yes'
      const fn = pkg?.decls.get(callee)
      if (fn?.kind === 'func') return field(fn.decl, 'result')?.text() === 'error' ? 'yes' : 'no'
      return /\.(Err|Unwrap|Cause)$/.test(callee) ? 'yes' : 'unknown'
    }
    default:
      return String(expr.kind()).endsWith('literal') ? 'no' : 'unknown'
  }
}

/** True inside a method named `name` with an error-ish receiver (`Is`, `As`, `Unwrap`). */
export function insideMethod(node: SgNode, names: readonly string[]): boolean {
  return node.ancestors().some((a) => a.kind() === 'method_declaration' && names.includes(field(a, 'name')?.text() ?? ''))
}
