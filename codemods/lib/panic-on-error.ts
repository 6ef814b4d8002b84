import type { SgNode } from '@ast-grep/napi'
import { escapeRegex, type PackageIndex } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * Zero values of result types, read from declarations only (no type
 * checker): a zero is written only when the source shows what kind of type
 * it is; anything else (struct and array literals, other packages' types,
 * type parameters, types declared in files we cannot see) gives null.
 */

const NUMERIC = new Set([
  'int', 'int8', 'int16', 'int32', 'int64',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'byte', 'rune', 'float32', 'float64', 'complex64', 'complex128',
])

const NILABLE = new Set(['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type'])

type ZeroKind = 'nil' | 'number' | 'string' | 'bool' | 'composite'

export interface ZeroScope {
  pkg: PackageIndex
  /** The function whose signature names the types. */
  fn: SgNode
  /** Where the zero values will be written (names must mean the same there). */
  site: SgNode
  /** Type parameters in scope (of the function or its receiver's type). */
  typeParams: ReadonlySet<string>
}

/** The Go expression for the zero value of `type`, or null when it cannot be known from the source. */
export function zeroValue(type: SgNode, scope: ZeroScope): string | null {
  const kind = zeroKind(type, scope, new Set())
  switch (kind) {
    case 'nil':
      return 'nil'
    case 'number':
      return '0'
    case 'string':
      return '""'
    case 'bool':
      return 'false'
    case 'composite':
      // Only a named type reaches here: `T{}` is the zero of a struct or array type T.
      return `${type.text()}{}`
    default:
      return null
  }
}

function zeroKind(type: SgNode, scope: ZeroScope, seen: Set<string>): ZeroKind | null {
  const kind = String(type.kind())
  if (kind === 'parenthesized_type') {
    const inner = namedChildren(type)[0]
    return inner ? zeroKind(inner, scope, seen) : null
  }
  if (NILABLE.has(kind)) return 'nil'
  if (kind !== 'type_identifier') return null
  const name = type.text()
  if (scope.typeParams.has(name) || seen.has(name)) return null
  seen.add(name)
  const decl = resolveType(name, scope)
  if (decl === 'shadowed') return null
  if (decl === null) return predeclaredZero(name)
  if (decl.kind !== 'type' || field(decl.decl, 'type_parameters')) return null
  const underlying = field(decl.decl, 'type')
  if (!underlying) return null
  const k = String(underlying.kind())
  if (k === 'struct_type' || k === 'array_type') return 'composite'
  if (k === 'type_identifier') {
    const inner = zeroKind(underlying, scope, seen)
    // `type A B` where B is a struct: A{} is still right, written with A's name.
    return inner
  }
  return NILABLE.has(k) || k === 'parenthesized_type' ? zeroKind(underlying, scope, seen) : null
}

function predeclaredZero(name: string): ZeroKind | null {
  if (NUMERIC.has(name)) return 'number'
  if (name === 'string') return 'string'
  if (name === 'bool') return 'bool'
  if (name === 'error' || name === 'any') return 'nil'
  return null
}

/**
 * What a type name means in the function's signature: a local or package
 * declaration, null for a predeclared name, or 'shadowed' when it would mean
 * something else where the zero value is written.
 */
function resolveType(name: string, scope: ZeroScope): Decl | null | 'shadowed' {
  const atFn = lookupLocal(scope.fn, name) ?? scope.pkg.decls.get(name) ?? null
  const atSite = lookupLocal(scope.site, name) ?? scope.pkg.decls.get(name) ?? null
  if ((atFn?.ident.id() ?? null) !== (atSite?.ident.id() ?? null)) return 'shadowed'
  return atFn
}

/** Type parameter names visible in a function: its own and its receiver type's. */
export function typeParamsOf(named: SgNode | null): Set<string> {
  const out = new Set<string>()
  if (!named) return out
  const own = field(named, 'type_parameters')
  if (own) for (const id of own.findAll({ rule: { kind: 'identifier' } })) if (id.parent()?.kind() === 'type_parameter_declaration') out.add(id.text())
  const receiver = field(named, 'receiver')
  const args = receiver?.find({ rule: { kind: 'type_arguments' } })
  if (args) for (const id of args.findAll({ rule: { kind: 'type_identifier' } })) out.add(id.text())
  return out
}

/** `Type.Method` for a method, the plain name for a function. */
export function functionLabel(named: SgNode): string | null {
  const name = field(named, 'name')?.text()
  if (!name) return null
  if (named.kind() !== 'method_declaration') return name
  const receiver = field(named, 'receiver')
  const param = receiver ? namedChildren(receiver).find((c) => c.kind() === 'parameter_declaration') : undefined
  const type = param ? field(param, 'type')?.text() : undefined
  if (!type) return name
  return `${type.replace(/^\*/, '').replace(/\[.*$/s, '').trim()}.${name}`
}

/**
 * A call of the function or method `name` somewhere in the package that
 * throws its error result away: `_ = f()`, `v, _ := x.f()`, or `f()` as a
 * statement of its own. Read from the text, so any method of that name counts:
 * better no fix than an error dropped without a word.
 */
export function discardingCall(pkg: PackageIndex, name: string): { path: string; line: number; text: string } | null {
  if (!name) return null
  const call = `(?:[A-Za-z_][A-Za-z0-9_]*(?:\\(\\))?\\.)*${escapeRegex(name)}\\(`
  const re = new RegExp(`(?:\\b_\\s*:?=\\s*${call})|(?:^[ \\t]*(?:go\\s+|defer\\s+)?${call})`, 'm')
  for (const file of pkg.files) {
    if (!file.source.includes(name)) continue
    const m = re.exec(file.source)
    if (!m) continue
    const start = file.source.lastIndexOf('\n', m.index) + 1
    const end = file.source.indexOf('\n', m.index)
    const line = file.source.slice(0, m.index).split('\n').length
    const text = file.source.slice(start, end === -1 ? undefined : end).trim()
    return { path: file.path.split('/').pop() ?? file.path, line, text: text.length > 60 ? `${text.slice(0, 57)}...` : text }
  }
  return null
}
