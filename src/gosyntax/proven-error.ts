import type { SgNode } from '@ast-grep/napi'
import type { PackageIndex } from '../engine/package-index.js'
import { field, fieldChildren, identifiersOf, namedChildren } from './nodes.js'
import { lookupLocal, type Decl } from './scope.js'
import {
  STDLIB_CONSTRUCTORS,
  STDLIB_ERROR_FIELDS,
  STDLIB_ERROR_FUNCS,
  STDLIB_METHOD_RESULTS,
  STDLIB_ERROR_TYPES,
  STDLIB_MULTI_ERROR_FUNCS,
  STDLIB_SENTINELS,
  isStdlibPath,
} from './stdlib-errors.js'

/**
 * Whether an expression is an error value, proven from declarations alone
 * (guidefix has no type checker, and a name is not a type: `resp.Err` may be
 * a string field, `errMsg := r.FormValue("error")` a string). An expression
 * is an error when
 *
 * - it is a parameter, result, receiver or variable declared with type
 *   `error` (or an error type of this package or a well-known one of the
 *   standard library), or assigned from something proven to be an error;
 * - it calls a function whose declared result is an error: a function or
 *   method of this package, a func-typed variable (`func() error`), a
 *   well-known standard library function (`os.Remove`, the error of
 *   `os.Open`), a constructor (`errors.New`, `fmt.Errorf`), `ctx.Err()` on
 *   a declared context.Context;
 * - it is a field `x.F` whose declaration is found with an error type: a
 *   struct of this package, or a well-known standard library one (`pe.Err`
 *   of a *fs.PathError);
 * - it is a standard library sentinel (`io.EOF`, `sql.ErrNoRows`), or an
 *   element `errs[i]` of a slice, array or map declared of errors.
 *
 * `x.Error()` is a string. Anything else is not proven, whatever its name.
 * `path` names the file the expression is in, so that package names are
 * resolved through its imports; without it a package name is taken for the
 * standard library package of that name.
 */
export function isProvenError(expr: SgNode, pkg: PackageIndex, path?: string): boolean {
  return new Prover(pkg, path).isError(expr, 0)
}

/** The declared type of an expression as written (`error`, `*T`, `[]error`, `context.Context`), when the source shows it. */
export function declaredTypeOf(expr: SgNode, pkg: PackageIndex, path?: string): string | undefined {
  return new Prover(pkg, path).typeOf(expr, 0)
}

const MAX_DEPTH = 8

class Prover {
  constructor(
    private readonly pkg: PackageIndex,
    private readonly path: string | undefined,
  ) {}

  isError(expr: SgNode, depth: number): boolean {
    if (depth > MAX_DEPTH) return false
    const kind = expr.kind()
    if (kind === 'parenthesized_expression') {
      const inner = namedChildren(expr)[0]
      return !!inner && this.isError(inner, depth + 1)
    }
    if (kind === 'selector_expression') {
      const q = this.qualified(expr)
      if (q) return isStdlibPath(q.path) && (/^Err[A-Z0-9_]/.test(q.name) || !!STDLIB_SENTINELS[q.path]?.includes(q.name))
    }
    if (kind === 'call_expression') {
      const fn = field(expr, 'function')
      // x.Error() formats the error: a string.
      if (fn?.kind() === 'selector_expression' && field(fn, 'field')?.text() === 'Error') return false
    }
    return this.typeIsError(this.typeOf(expr, depth))
  }

  /** Whether a declared type implements error, as far as declarations show. */
  typeIsError(type: string | undefined): boolean {
    if (!type) return false
    if (type === 'error') return !this.pkg.decls.has('error')
    if (STDLIB_ERROR_TYPES.has(type)) return true
    const pointer = type.startsWith('*')
    const base = type.replace(/^\*/, '')
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(base)) return false
    const method = this.pkg.errorTypes().get(base)
    // A value of T has only T's value-receiver methods; *T has both.
    return !!method && (pointer || !method.pointerReceiver)
  }

  /** The type of an expression, as written in the declarations that give it. */
  typeOf(expr: SgNode, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined
    switch (expr.kind()) {
      case 'parenthesized_expression': {
        const inner = namedChildren(expr)[0]
        return inner && this.typeOf(inner, depth + 1)
      }
      case 'identifier':
        return this.typeOfName(expr, depth)
      case 'selector_expression':
        return this.typeOfSelector(expr, depth)
      case 'call_expression':
        return this.resultTypes(expr, depth)?.[0]
      case 'index_expression': {
        const operand = field(expr, 'operand')
        return operand ? elementType(this.typeOf(operand, depth + 1)) : undefined
      }
      case 'composite_literal':
        return field(expr, 'type')?.text()
      case 'unary_expression': {
        const operand = field(expr, 'operand')
        if (field(expr, 'operator')?.text() !== '&' || operand?.kind() !== 'composite_literal') return undefined
        const t = field(operand, 'type')?.text()
        return t && `*${t}`
      }
      case 'type_assertion_expression':
        return field(expr, 'type')?.text()
      default:
        return undefined
    }
  }

  private typeOfName(ident: SgNode, depth: number): string | undefined {
    const name = ident.text()
    if (name === 'nil' || name === '_') return undefined
    const decl = lookupLocal(ident, name) ?? this.pkg.decls.get(name)
    return decl ? this.typeOfDecl(decl, depth) : undefined
  }

  private typeOfDecl(decl: Decl, depth: number): string | undefined {
    switch (decl.kind) {
      case 'param':
      case 'result':
      case 'receiver':
        return decl.type
      case 'var':
      case 'short':
        break
      case 'range':
        return this.typeOfRange(decl, depth)
      default:
        return undefined
    }
    if (decl.type) return decl.type
    if (decl.value) return this.typeOf(decl.value, depth + 1)
    if (decl.multiValue) {
      const { expr, index, count } = decl.multiValue
      if (expr.kind() === 'type_assertion_expression') return index === 0 && count === 2 ? field(expr, 'type')?.text() : undefined
      // `v, ok := m[k]`
      if (expr.kind() === 'index_expression') return index === 0 && count === 2 ? this.typeOf(expr, depth + 1) : undefined
      if (expr.kind() !== 'call_expression') return undefined
      const results = this.resultTypes(expr, depth)
      return results && results.length === count ? results[index] : undefined
    }
    return undefined
  }

  /** `for i, v := range xs`: v is an element of xs when xs is a slice, array or map of declared type. */
  private typeOfRange(decl: Decl, depth: number): string | undefined {
    const names = identifiersOf(field(decl.decl, 'left'))
    const index = names.findIndex((n) => n.id() === decl.ident.id())
    const ranged = field(decl.decl, 'right')
    if (index !== 1 || !ranged) return undefined
    return elementType(this.typeOf(ranged, depth + 1))
  }

  private typeOfSelector(expr: SgNode, depth: number): string | undefined {
    const operand = field(expr, 'operand')
    const name = field(expr, 'field')?.text()
    if (!operand || !name) return undefined
    if (this.qualified(expr)) return undefined
    const owner = this.typeOf(operand, depth + 1)
    if (!owner) return undefined
    const base = owner.replace(/^\*/, '')
    if (STDLIB_ERROR_FIELDS[base]?.includes(name)) return 'error'
    return this.fieldType(base, name)
  }

  /** The declared type of field `name` of this package's struct type `typeName`. */
  private fieldType(typeName: string, name: string): string | undefined {
    const struct = this.typeSpec(typeName, 'struct_type')
    if (!struct) return undefined
    const list = namedChildren(struct).find((c) => c.kind() === 'field_declaration_list')
    for (const fd of list ? namedChildren(list) : []) {
      if (fd.kind() !== 'field_declaration') continue
      if (fieldChildren(fd, 'name').some((n) => n.text() === name)) return field(fd, 'type')?.text()
    }
    return undefined
  }

  /** The result types of a call, as declared; undefined when the callee's declaration is not known. */
  resultTypes(call: SgNode, depth: number): string[] | undefined {
    const fn = field(call, 'function')
    if (!fn) return undefined
    if (fn.kind() === 'identifier') {
      const name = fn.text()
      if (name === 'new') {
        const arg = namedChildren(field(call, 'arguments') ?? call)[0]
        return arg ? [`*${arg.text()}`] : undefined
      }
      const local = lookupLocal(fn, name)
      if (local) {
        return this.funcResults(this.typeOfDecl(local, depth))
      }
      const decl = this.pkg.decls.get(name)
      if (decl?.kind === 'func') return signatureResults(field(decl.decl, 'result'))
      if (decl) {
        return this.funcResults(this.typeOfDecl(decl, depth))
      }
      return undefined
    }
    if (fn.kind() !== 'selector_expression') return undefined
    const method = field(fn, 'field')?.text()
    if (!method) return undefined
    const q = this.qualified(fn)
    if (q) return knownFunctionResults(q.path, q.name)
    const operand = field(fn, 'operand')
    const recvType = operand && this.typeOf(operand, depth + 1)
    if (!recvType) return undefined
    const known = STDLIB_METHOD_RESULTS[recvType]?.[method]
    if (known) return [...known]
    const base = recvType.replace(/^\*/, '')
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(base)) return undefined
    const m = this.pkg.method(base, method)
    if (m) return signatureResults(field(m.node, 'result'))
    const iface = this.typeSpec(base, 'interface_type')
    const elem = iface && namedChildren(iface).find((c) => c.kind() === 'method_elem' && field(c, 'name')?.text() === method)
    return elem ? signatureResults(field(elem, 'result')) : undefined
  }

  /** Results of a value of function type: `func() error`, or a type of this package declared as one. */
  private funcResults(type: string | undefined): string[] | undefined {
    if (!type) return undefined
    const named = this.typeSpec(type, 'function_type')
    return funcTypeResults(named ? named.text() : type)
  }

  /** The type literal (struct_type, interface_type) a type of this package is declared as. */
  private typeSpec(typeName: string, kind: string): SgNode | undefined {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(typeName)) return undefined
    const decl = this.pkg.decls.get(typeName)
    if (decl?.kind !== 'type') return undefined
    const t = field(decl.decl, 'type')
    return t?.kind() === kind ? t : undefined
  }

  /**
   * `pkg.Name` where pkg is an imported package (not a variable): its import
   * path and the name. Null for a selector on a value.
   */
  qualified(expr: SgNode): { path: string; name: string } | null {
    const operand = field(expr, 'operand')
    const name = field(expr, 'field')?.text()
    if (operand?.kind() !== 'identifier' || !name) return null
    const local = operand.text()
    if (lookupLocal(operand, local)) return null
    const imported = this.path === undefined ? undefined : this.pkg.file(this.path)?.imports.find((i) => i.localName === local)
    if (imported) return { path: imported.path, name }
    if (this.pkg.decls.has(local)) return null
    // Bound by no import and declared nowhere: in code that compiles, the standard package of that name.
    return { path: stdlibPathNamed(local) ?? local, name }
  }
}

/** The import path of the well-known package whose default name is `name` (json → encoding/json). */
function stdlibPathNamed(name: string): string | undefined {
  for (const table of [STDLIB_ERROR_FUNCS, STDLIB_MULTI_ERROR_FUNCS, STDLIB_CONSTRUCTORS]) {
    for (const path of Object.keys(table)) if (isStdlibPath(path) && path.split('/').pop() === name) return path
  }
  return undefined
}

/** What a well-known function returns, as far as the tables say. */
function knownFunctionResults(path: string, name: string): string[] | undefined {
  if (STDLIB_ERROR_FUNCS[path]?.includes(name)) return ['error']
  const ctor = STDLIB_CONSTRUCTORS[path]?.[name]
  const multi = STDLIB_MULTI_ERROR_FUNCS[path]?.[name]
  if (!ctor && !multi) return undefined
  const count = ctor?.count ?? multi!.count
  // Results the tables do not describe are left empty: they are never an error.
  const out = Array.from({ length: count }, () => '')
  if (ctor) out[ctor.index] = ctor.type
  if (multi && multi.count === count) out[multi.index] = 'error'
  return out
}

/** Result types of a signature's `result` node: `error`, `(int, error)`, `(n int, err error)`. */
export function signatureResults(result: SgNode | null): string[] | undefined {
  if (!result) return []
  if (result.kind() !== 'parameter_list') return [result.text()]
  const out: string[] = []
  for (const p of namedChildren(result)) {
    const type = field(p, 'type')?.text()
    if (!type) return undefined
    const names = fieldChildren(p, 'name').length
    for (let i = 0; i < Math.max(1, names); i++) out.push(type)
  }
  return out
}

/** Results of a function type written as text (`func(string) error`, `func() (int, error)`). */
function funcTypeResults(type: string): string[] | undefined {
  const m = /^func\s*\(([^()]*)\)\s*(.*)$/s.exec(type.trim())
  if (!m) return undefined
  const rest = m[2].trim()
  if (rest === '') return []
  if (!rest.startsWith('(')) return [rest]
  const inner = rest.slice(1, -1)
  if (/[()[\]{}]/.test(inner)) return undefined
  // Unnamed results only: `(int, error)`; named ones (`(n int, err error)`) give their last word.
  return inner.split(',').map((part) => part.trim().split(/\s+/).pop() ?? '')
}

/** The element type of a slice, array or map type written as text. */
function elementType(type: string | undefined): string | undefined {
  if (!type) return undefined
  const t = type.trim()
  const slice = /^(\[[^\]]*\])(.+)$/s.exec(t)
  if (slice) return slice[2].trim()
  if (t.startsWith('map[')) {
    let level = 0
    for (let i = 3; i < t.length; i++) {
      if (t[i] === '[') level++
      else if (t[i] === ']' && --level === 0) return t.slice(i + 1).trim()
    }
  }
  return undefined
}
