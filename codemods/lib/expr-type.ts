import type { SgNode } from '@ast-grep/napi'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * The type of an expression as far as declarations in the package tell it,
 * without a type checker: enough to say "this value is a *cache" or "this
 * value comes from another package".
 *
 *	{ type: '*cache' }                 a type written in this package's terms
 *	{ external: 'atomic.Pointer[T]' }  a value of another package's type
 *	null                               not known from the declarations
 */
export type ExprType = { type: string } | { external: string } | null

/** The package name of a file's import that `ident` refers to, unless a local name hides it. */
function isImportAt(pkg: PackageIndex, path: string, ident: SgNode): boolean {
  const name = ident.text()
  return !!pkg.file(path)?.imports.some((i) => i.localName === name) && !lookupLocal(ident, name)
}

/** `*T`, `T`, `T[K]` → `T`; `pkg.T` stays qualified. */
export function baseTypeName(type: string): string {
  return type.replace(/^\*+/, '').replace(/\[.*$/s, '').trim()
}

/** The struct type a package-level type name declares, or null. */
export function structOf(pkg: PackageIndex, name: string): SgNode | null {
  const decl = pkg.decls.get(name)
  if (decl?.kind !== 'type') return null
  const type = field(decl.decl, 'type')
  return type?.kind() === 'struct_type' ? type : null
}

/** The fields of a struct type: name → declared type text (embedded fields under their type's name). */
export function structFields(struct: SgNode): Map<string, string> {
  const out = new Map<string, string>()
  const list = namedChildren(struct).find((c) => c.kind() === 'field_declaration_list')
  for (const fd of list ? namedChildren(list) : []) {
    if (fd.kind() !== 'field_declaration') continue
    const type = field(fd, 'type')?.text() ?? ''
    const names = fieldChildren(fd, 'name')
    if (names.length === 0) out.set(baseTypeName(type).split('.').pop()!, type)
    for (const n of names) out.set(n.text(), type)
  }
  return out
}

function elementType(container: string, key: boolean): string | null {
  const t = container.replace(/^\*/, '')
  if (t.startsWith('map[')) {
    let depth = 0
    for (let i = 3; i < t.length; i++) {
      if (t[i] === '[') depth++
      else if (t[i] === ']' && --depth === 0) return key ? t.slice(4, i) : t.slice(i + 1)
    }
    return null
  }
  const slice = /^\[[^\]]*\](.*)$/s.exec(t)
  if (slice) return key ? 'int' : slice[1]
  return null
}

function resultType(fnDecl: SgNode, index: number, count: number): string | null {
  const result = field(fnDecl, 'result')
  if (!result) return null
  if (result.kind() !== 'parameter_list') return count === 1 && index === 0 ? result.text() : null
  const types = namedChildren(result).flatMap((p) => Array(Math.max(1, fieldChildren(p, 'name').length)).fill(field(p, 'type')?.text() ?? ''))
  return types.length === count ? types[index] : null
}

export class ExprTyper {
  constructor(
    private readonly pkg: PackageIndex,
    private readonly path: string,
  ) {}

  of(expr: SgNode, depth = 0): ExprType {
    if (depth > 8) return null
    switch (expr.kind()) {
      case 'parenthesized_expression': {
        const inner = namedChildren(expr)[0]
        return inner ? this.of(inner, depth + 1) : null
      }
      case 'unary_expression': {
        const op = expr.children()[0]?.text()
        const operand = field(expr, 'operand')
        if (!operand) return null
        const t = this.of(operand, depth + 1)
        if (!t) return null
        if (op === '&') return 'type' in t ? { type: `*${t.type}` } : t
        if (op === '*') return 'type' in t ? { type: t.type.replace(/^\*/, '') } : t
        return null
      }
      case 'composite_literal':
        return this.named(field(expr, 'type')?.text() ?? null)
      case 'type_conversion_expression':
      case 'type_assertion_expression':
        return this.named(field(expr, 'type')?.text() ?? null)
      case 'call_expression':
        return this.ofCall(expr, 0, 1, depth)
      case 'identifier':
        return this.ofIdentifier(expr, depth)
      case 'selector_expression':
        return this.ofSelector(expr, depth)
      case 'index_expression': {
        const operand = field(expr, 'operand')
        const t = operand ? this.of(operand, depth + 1) : null
        if (!t || !('type' in t)) return t
        const el = elementType(t.type, false)
        return el ? this.named(el) : null
      }
      default:
        return null
    }
  }

  /** A type written in a file: qualified names belong to other packages. */
  private named(type: string | null): ExprType {
    if (!type) return null
    return /^\**[A-Za-z_]\w*\./.test(type) ? { external: type } : { type }
  }

  private ofCall(call: SgNode, index: number, count: number, depth: number): ExprType {
    const fn = field(call, 'function')
    if (!fn) return null
    if (fn.kind() === 'identifier') {
      if (fn.text() === 'new' && !lookupLocal(fn, 'new') && !this.pkg.decls.has('new')) {
        const arg = namedChildren(field(call, 'arguments')!)[0]
        return arg ? this.named(`*${arg.text()}`) : null
      }
      if (lookupLocal(fn, fn.text())) return null
      const decl = this.pkg.decls.get(fn.text())
      if (decl?.kind === 'func') return this.named(resultType(decl.decl, index, count))
      if (decl?.kind === 'type' && count === 1) return { type: fn.text() }
      return null
    }
    if (fn.kind() === 'selector_expression') {
      const operand = field(fn, 'operand')!
      if (operand.kind() === 'identifier' && isImportAt(this.pkg, this.path, operand)) return { external: fn.text() }
      const recv = this.of(operand, depth + 1)
      if (!recv || !('type' in recv)) return recv
      const method = this.pkg.method(baseTypeName(recv.type), field(fn, 'field')!.text())
      return method ? this.named(resultType(method.node, index, count)) : null
    }
    if (fn.kind() === 'parenthesized_expression') return this.named(namedChildren(fn)[0]?.text() ?? null)
    return null
  }

  private ofDecl(decl: Decl, depth: number): ExprType {
    if (decl.type) return this.named(decl.type)
    if (decl.kind === 'range' && decl.value) {
      const container = this.of(decl.value, depth + 1)
      if (!container || !('type' in container)) return container
      const left = field(decl.decl, 'left')
      const names = left ? (left.kind() === 'identifier' ? [left] : namedChildren(left)) : []
      const position = names.findIndex((n) => n.range().start.index === decl.ident.range().start.index)
      const el = elementType(container.type, position === 0)
      return el ? this.named(el) : null
    }
    if (decl.multiValue) {
      const { expr, index, count } = decl.multiValue
      if (expr.kind() === 'call_expression') return this.ofCall(expr, index, count, depth)
      // `v, ok := m[k]`, `v, ok := x.(T)`: the first is the value alone.
      if (index === 0 && count === 2 && (expr.kind() === 'index_expression' || expr.kind() === 'type_assertion_expression')) return this.of(expr, depth + 1)
      return null
    }
    return decl.value ? this.of(decl.value, depth + 1) : null
  }

  private ofIdentifier(ident: SgNode, depth: number): ExprType {
    const name = ident.text()
    const local = lookupLocal(ident, name)
    if (local) return local.kind === 'typeswitch' ? null : this.ofDecl(local, depth)
    const decl = this.pkg.decls.get(name)
    if (decl) return decl.kind === 'var' || decl.kind === 'const' ? this.ofDecl(decl, depth) : null
    return null
  }

  private ofSelector(sel: SgNode, depth: number): ExprType {
    const operand = field(sel, 'operand')!
    const name = field(sel, 'field')!.text()
    if (operand.kind() === 'identifier' && isImportAt(this.pkg, this.path, operand)) return { external: sel.text() }
    const t = this.of(operand, depth + 1)
    if (!t || !('type' in t)) return t
    const struct = structOf(this.pkg, baseTypeName(t.type))
    const type = struct ? structFields(struct).get(name) : undefined
    return type ? this.named(type) : null
  }
}
