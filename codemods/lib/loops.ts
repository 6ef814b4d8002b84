import type { SgNode } from '@ast-grep/napi'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { escapeRegex } from '../../src/engine/package-index.js'
import { field, identifiersOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * What the loop rules share: which variables a `for` clause declares, where
 * a name is written, and which closures run after the iteration that made
 * them has moved on.
 */

export interface LoopVariable {
  name: string
  /** The identifier in the clause that declares it. */
  ident: SgNode
  loop: SgNode
  /** `for k, v := range xs` or `for i := 0; …; i++`. */
  clause: 'range' | 'three-clause'
}

/** The clause of a `for` statement, if it has one. */
export function clauseOf(loop: SgNode): SgNode | null {
  return namedChildren(loop).find((c) => c.kind() === 'range_clause' || c.kind() === 'for_clause') ?? null
}

/** The variables a `for` clause declares with `:=` (none for `for cond {`, `for {` or `for k = range`). */
export function loopVariables(loop: SgNode): LoopVariable[] {
  const clause = clauseOf(loop)
  if (!clause) return []
  let idents: SgNode[] = []
  if (clause.kind() === 'range_clause') {
    if (clause.children().some((c) => c.text() === ':=')) idents = identifiersOf(field(clause, 'left'))
  } else {
    const init = field(clause, 'initializer')
    if (init?.kind() === 'short_var_declaration') idents = identifiersOf(field(init, 'left'))
  }
  const kind = clause.kind() === 'range_clause' ? 'range' : 'three-clause'
  return idents.filter((i) => i.text() !== '_').map((ident) => ({ name: ident.text(), ident, loop, clause: kind }))
}

/** The loop whose clause declares `decl`, when the declaration is a loop variable. */
export function loopOfDecl(decl: Decl | null): SgNode | null {
  if (!decl) return null
  if (decl.kind === 'range') return decl.decl.parent()
  if (decl.kind === 'short' && decl.decl.parent()?.kind() === 'for_clause') return decl.decl.parent()!.parent()
  return null
}

/** The loop variable an identifier refers to, if it refers to one. */
export function loopVariableOf(ident: SgNode): LoopVariable | null {
  const decl = lookupLocal(ident, ident.text())
  const loop = loopOfDecl(decl)
  if (!decl || !loop) return null
  return { name: decl.name, ident: decl.ident, loop, clause: decl.kind === 'range' ? 'range' : 'three-clause' }
}

/** Identifiers spelled `name` inside a node. */
export function usesOf(region: SgNode, name: string): SgNode[] {
  return region.findAll({ rule: { kind: 'identifier', regex: `^${escapeRegex(name)}$` } })
}

export type Write = 'assign' | 'method'

/**
 * Whether this use of a variable may change it: assigned (`v = …`, `v.f = …`,
 * `v[i] += …`, `v++`, redeclared by `v, err := …`), its address taken
 * (`&v`, which lets anything change it), or a method called on it (`v.M()`,
 * which may have a pointer receiver; a field holding a func looks the same).
 */
export function writeOf(ident: SgNode): Write | null {
  let node = ident
  let parent = node.parent()
  // Climb the operand chain: v.f.g[i] is written when the whole chain is.
  while (parent && (parent.kind() === 'selector_expression' || parent.kind() === 'index_expression' || parent.kind() === 'parenthesized_expression')) {
    if (parent.kind() === 'selector_expression' && field(parent, 'operand')?.id() !== node.id()) return null
    if (parent.kind() === 'index_expression' && field(parent, 'operand')?.id() !== node.id()) return null
    if (parent.kind() === 'selector_expression' && node.id() === ident.id()) {
      const call = parent.parent()
      if (call?.kind() === 'call_expression' && field(call, 'function')?.id() === parent.id()) return 'method'
    }
    node = parent
    parent = node.parent()
  }
  if (!parent) return null
  const k = parent.kind()
  if (k === 'inc_statement' || k === 'dec_statement') return 'assign'
  if (k === 'unary_expression' && parent.children()[0]?.text() === '&') return 'assign'
  if (k === 'expression_list') {
    const stmt = parent.parent()
    const sk = stmt?.kind()
    if ((sk === 'assignment_statement' || sk === 'short_var_declaration') && field(stmt!, 'left')?.id() === parent.id()) return 'assign'
    if (sk === 'range_clause' && field(stmt!, 'left')?.id() === parent.id()) return 'assign'
  }
  if ((k === 'assignment_statement' || k === 'short_var_declaration') && field(parent, 'left')?.id() === node.id()) return 'assign'
  return null
}

/** The body block of a `for` statement. */
export function bodyOf(loop: SgNode): SgNode | null {
  return field(loop, 'body')
}

/** Whether `inner` lies inside `outer` (same tree). */
export function contains(outer: SgNode, inner: SgNode): boolean {
  const o = outer.range()
  const i = inner.range()
  return o.start.index <= i.start.index && i.end.index <= o.end.index
}

/**
 * Whether a `<name>.Go(…)` call runs on a golang.org/x/sync/errgroup group:
 * `name` is declared in the function from errgroup.WithContext, as an
 * errgroup.Group value or pointer, or is a parameter of that type.
 */
export function isErrgroup(pkg: PackageIndex, path: string, receiver: SgNode): boolean {
  if (receiver.kind() !== 'identifier') return false
  const errgroup = pkg.file(path)?.imports.find((i) => i.path === 'golang.org/x/sync/errgroup')
  if (!errgroup) return false
  const decl = lookupLocal(receiver, receiver.text())
  if (!decl) return false
  const mentions = [decl.type ?? '', decl.value?.text() ?? '', decl.multiValue?.expr.text() ?? ''].join(' ')
  const m = /\b([A-Za-z_][A-Za-z0-9_]*)\.(WithContext\(|Group\b)/.exec(mentions)
  return !!m && m[1] === errgroup.localName
}

/**
 * A name `scope` does not mention, trying the candidates in order. A
 * package-level declaration of that name may exist: a local one only hides
 * it where the function would have had to mention it.
 */
export function freeName(scope: SgNode, candidates: string[], taken: ReadonlySet<string> = new Set()): string {
  const used = new Set<string>(taken)
  for (const ident of scope.findAll({ rule: { any: [{ kind: 'identifier' }, { kind: 'package_identifier' }] } })) used.add(ident.text())
  const all = [...candidates]
  for (let i = 2; i < 100; i++) all.push(`${candidates[0]}${i}`)
  return all.find((c) => !used.has(c))!
}
