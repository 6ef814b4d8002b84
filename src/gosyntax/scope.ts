import type { SgNode } from '@ast-grep/napi'
import { field, fieldChildren, identifiersOf, namedChildren } from './nodes.js'

/** How a name came into scope. */
export type DeclKind =
  | 'var' // var x T / var x = v
  | 'short' // x := v
  | 'param'
  | 'result'
  | 'receiver'
  | 'const'
  | 'type'
  | 'func'
  | 'range' // for k, v := range xs
  | 'typeswitch' // switch x := y.(type)
  | 'recv' // case v := <-ch
  | 'import'
  | 'package' // declared at package level (see PackageIndex for details)

export interface Decl {
  name: string
  kind: DeclKind
  /** The identifier that declares the name. */
  ident: SgNode
  /** The declaring node (statement, spec or parameter). */
  decl: SgNode
  /** Declared type text, when written. */
  type?: string
  /** The value expression assigned to this very name, when there is one per name. */
  value?: SgNode
  /** The single multi-value expression on the right (`a, err := f()`), with this name's position in it. */
  multiValue?: { expr: SgNode; index: number; count: number }
}

/** Pairs declared names with the values on the right: one each, or one multi-value call for all. */
function bind(names: SgNode[], valueNode: SgNode | null, kind: DeclKind, decl: SgNode, type?: string): Decl[] {
  const values = valueNode ? (valueNode.kind() === 'expression_list' ? namedChildren(valueNode) : [valueNode]) : []
  return names.map((ident, i) => ({
    name: ident.text(),
    kind,
    ident,
    decl,
    type,
    value: values.length === names.length ? values[i] : undefined,
    multiValue: values.length === 1 && names.length > 1 ? { expr: values[0], index: i, count: names.length } : undefined,
  }))
}

function declsOfSpec(spec: SgNode, kind: DeclKind): Decl[] {
  return bind(fieldChildren(spec, 'name'), field(spec, 'value'), kind, spec, field(spec, 'type')?.text())
}

function declsOfAssignment(stmt: SgNode, kind: DeclKind): Decl[] {
  return bind(identifiersOf(field(stmt, 'left')), field(stmt, 'right'), kind, stmt)
}

function declsOfParams(list: SgNode | null, kind: DeclKind): Decl[] {
  if (!list) return []
  const out: Decl[] = []
  for (const p of namedChildren(list)) {
    if (p.kind() !== 'parameter_declaration' && p.kind() !== 'variadic_parameter_declaration') continue
    const type = field(p, 'type')?.text()
    for (const ident of fieldChildren(p, 'name')) {
      out.push({ name: ident.text(), kind, ident, decl: p, type: p.kind() === 'variadic_parameter_declaration' ? `[]${type}` : type })
    }
  }
  return out
}

/** Names a statement declares for the statements after it in the same list. */
export function declsOfStatement(stmt: SgNode): Decl[] {
  switch (stmt.kind()) {
    case 'short_var_declaration':
      return declsOfAssignment(stmt, 'short')
    case 'var_declaration':
      return namedChildren(stmt).flatMap((s) => (s.kind() === 'var_spec' ? declsOfSpec(s, 'var') : s.kind() === 'var_spec_list' ? namedChildren(s).flatMap((x) => declsOfSpec(x, 'var')) : []))
    case 'const_declaration':
      return namedChildren(stmt).flatMap((s) => (s.kind() === 'const_spec' ? declsOfSpec(s, 'const') : []))
    case 'type_declaration':
      return namedChildren(stmt).flatMap((s) => {
        const name = field(s, 'name')
        return name ? [{ name: name.text(), kind: 'type' as const, ident: name, decl: s }] : []
      })
    case 'labeled_statement': {
      const inner = namedChildren(stmt).find((c) => c.kind() !== 'label_name')
      return inner ? declsOfStatement(inner) : []
    }
    default:
      return []
  }
}

/** Names a function-like node binds in its body. */
export function declsOfFunction(fn: SgNode): Decl[] {
  const result = field(fn, 'result')
  return [
    ...declsOfParams(field(fn, 'receiver'), 'receiver'),
    ...declsOfParams(field(fn, 'parameters'), 'param'),
    ...(result && result.kind() === 'parameter_list' ? declsOfParams(result, 'result') : []),
  ]
}

/** Whether a function's receiver, parameters or results mention `name` at all. */
function signatureMentions(fn: SgNode, name: string): boolean {
  return ['receiver', 'parameters', 'result'].some((f) => field(fn, f)?.text().includes(name))
}

/**
 * Names a child of `parent` (of kind `kind`) sees because of `parent`
 * itself (init statements, clauses, params), when they may include `name`.
 */
function declsFromContainer(parent: SgNode, kind: string, child: SgNode, name: string): Decl[] {
  const childId = child.id()
  switch (kind) {
    case 'function_declaration':
    case 'method_declaration':
    case 'func_literal':
      return field(parent, 'body')?.id() === childId && signatureMentions(parent, name) ? declsOfFunction(parent) : []
    case 'if_statement':
    case 'expression_switch_statement':
    case 'type_switch_statement':
    case 'for_clause': {
      const init = field(parent, 'initializer')
      const own = init && init.id() !== childId && init.text().includes(name) ? declsOfStatement(init) : []
      if (kind === 'type_switch_statement' && (child.kind() === 'type_case' || child.kind() === 'default_case')) {
        const alias = identifiersOf(field(parent, 'alias'))
        const value = field(parent, 'value')
        for (const ident of alias) own.push({ name: ident.text(), kind: 'typeswitch', ident, decl: parent, value: value ?? undefined })
      }
      return own
    }
    case 'for_statement': {
      const clause = namedChildren(parent).find((c) => c.kind() === 'range_clause' || c.kind() === 'for_clause')
      if (!clause || clause.id() === childId || !clause.text().includes(name)) return []
      if (clause.kind() === 'for_clause') {
        const init = field(clause, 'initializer')
        return init ? declsOfStatement(init) : []
      }
      if (!clause.children().some((c) => c.text() === ':=')) return []
      return identifiersOf(field(clause, 'left')).map((ident) => ({ name: ident.text(), kind: 'range' as const, ident, decl: clause, value: field(clause, 'right') ?? undefined }))
    }
    case 'communication_case': {
      const recv = namedChildren(parent).find((c) => c.kind() === 'receive_statement')
      if (!recv || recv.id() === childId || !recv.children().some((c) => c.text() === ':=')) return []
      return identifiersOf(field(recv, 'left')).map((ident) => ({ name: ident.text(), kind: 'recv' as const, ident, decl: recv }))
    }
    default:
      return []
  }
}

const DECLARING = new Set(['short_var_declaration', 'var_declaration', 'const_declaration', 'type_declaration', 'labeled_statement'])
const CONTAINERS = new Set(['function_declaration', 'method_declaration', 'func_literal', 'if_statement', 'expression_switch_statement', 'type_switch_statement', 'for_clause', 'for_statement', 'communication_case'])

/**
 * The innermost local declaration of `name` visible at `node`, or null.
 * Walks outwards and stops at the first hit; preceding statements are read
 * nearest first, so a redeclaration wins over an earlier one.
 */
export function lookupLocal(node: SgNode, name: string): Decl | null {
  let child = node
  for (let parent = node.parent(); parent; child = parent, parent = parent.parent()) {
    const k = String(parent.kind())
    if (k === 'source_file') return null
    if (k === 'statement_list' || k === 'block') {
      // prev() one by one: the declaration is usually close, and prevAll() wraps every sibling at once.
      for (let sib = child.prev(); sib; sib = sib.prev()) {
        if (!DECLARING.has(String(sib.kind())) || !sib.text().includes(name)) continue
        const decls = declsOfStatement(sib)
        for (let i = decls.length - 1; i >= 0; i--) if (decls[i].name === name) return decls[i]
      }
    } else if (CONTAINERS.has(k)) {
      const own = declsFromContainer(parent, k, child, name)
      for (let i = own.length - 1; i >= 0; i--) if (own[i].name === name) return own[i]
    }
  }
  return null
}

