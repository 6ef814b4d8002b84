import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { enclosingFunction, field, fieldChildren, indentationAt, lineStartOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { insideMethod } from '../../src/gosyntax/errors.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'
import { errorsFunctionAt } from '../lib/errors-package.js'
import { declsOfStatement, lookupLocal } from '../../src/gosyntax/scope.js'
import { assertedType, type AssertedType } from '../lib/error-as.js'

/**
 * Matches
 *
 *	if e, ok := err.(*T); ok {             →  var e *T
 *	                                          if errors.As(err, &e) {
 *	if e, ok := err.(*T); ok && e.C > 1 {  →  if e := (*T)(nil); errors.As(err, &e) && e.C > 1 {   (e not free in the block)
 *	if e, ok := err.(T); ok {              →  var e T (T with a value-receiver Error method)
 *
 * Reported without a fix: other comma-ok assertions on an error
 * (`e, ok := err.(*T)` as a statement), a type switch on an error, and the
 * if form when a fix cannot be proven right (ok used elsewhere, a variable
 * that shadows the error, …). Interfaces (`err.(net.Error)`,
 * `err.(interface{ Timeout() bool })`) and types of unknown kind are left alone.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'error-as',
    section: '§4',
    tier: 'safe',
    message: 'use errors.As instead of a type assertion on an error, so wrapped errors still match',
    rationale:
      'A type assertion only looks at the outermost error. As soon as someone wraps it with fmt.Errorf("…: %w", err), err.(*T) fails even though a *T is in the chain. errors.As walks the chain and fills the target when it finds a match.',
    useInstead: 'var e *T; if errors.As(err, &e) { … }',
    fixSafety:
      'Safe: for an unwrapped error the result is the same, and the target keeps its zero value when nothing matches, just as after a failed assertion; for a wrapped error the check now matches, which is the point. The variable is declared before the if only when its name is not in scope there and not used after the if in the same block; otherwise it is declared in the if itself. Not fixed: ok used anywhere but at the start of the condition, a variable named like the error it comes from, a type switch, a comma-ok assertion that is not the init statement of an if. Interfaces and value types of other packages (other than known standard library error types such as syscall.Errno) are left alone, since without a type checker they may be interfaces. Nothing is reported inside Is, As and Unwrap methods, where asserting is how matching is implemented. ' +
      'The asserted value must be proven to be an error from declarations (a name such as err or resp.Err proves nothing). Only reported, never fixed: below Go 1.13 or with no go.mod (the oldest Go is assumed), and with github.com/pkg/errors imported as errors at a version before v0.9.0 or one go.mod does not state.',
    examples: [
      {
        bad: 'func report(err error) {\n\tif pe, ok := err.(*fs.PathError); ok {\n\t\tlog.Printf("%s %s: %v", pe.Op, pe.Path, pe.Err)\n\t}\n}',
        good: 'func report(err error) {\n\tvar pe *fs.PathError\n\tif errors.As(err, &pe) {\n\t\tlog.Printf("%s %s: %v", pe.Op, pe.Path, pe.Err)\n\t}\n}',
      },
      {
        bad: 'func retryable(err error) bool {\n\tif se, ok := err.(*StatusError); ok && se.Code >= 500 {\n\t\treturn true\n\t}\n\treturn false\n}',
        good: 'func retryable(err error) bool {\n\tvar se *StatusError\n\tif errors.As(err, &se) && se.Code >= 500 {\n\t\treturn true\n\t}\n\treturn false\n}',
      },
    ],
  },
  prefilter: ['.('],
  matchers: { assertions: { kind: 'type_assertion_expression' }, switches: { kind: 'type_switch_statement' } },
  check(ctx) {
    const chosen = new Map<number, Set<string>>()
    for (const assertion of ctx.matches('assertions')) {
      const list = assertion.parent()
      const stmt = list?.parent()
      if (!list || !stmt || list.kind() !== 'expression_list' || namedChildren(list).length !== 1) continue
      const k = stmt.kind()
      if (k !== 'short_var_declaration' && k !== 'assignment_statement' && k !== 'var_spec') continue
      checkCommaOk(ctx, assertion, stmt, chosen)
    }
    for (const sw of ctx.matches('switches')) checkTypeSwitch(ctx, sw)
  },
}

/** The two names on the left of `e, ok := x.(T)`, or null for any other shape. */
function commaOkNames(stmt: SgNode): [SgNode, SgNode] | null {
  const isSpec = stmt.kind() === 'var_spec'
  const left = isSpec ? fieldChildren(stmt, 'name') : namedChildren(field(stmt, 'left') ?? stmt)
  const right = field(stmt, isSpec ? 'value' : 'right')
  if (left.length !== 2 || left.some((n) => n.kind() !== 'identifier')) return null
  if (!right || namedChildren(right).length !== 1) return null
  return [left[0], left[1]]
}

function checkCommaOk(ctx: RuleContext, assertion: SgNode, stmt: SgNode, chosen: Map<number, Set<string>>): void {
  const names = commaOkNames(stmt)
  if (!names) return
  if (insideMethod(assertion, ['Is', 'As', 'Unwrap'])) return
  const operand = field(assertion, 'operand')
  const typeNode = field(assertion, 'type')
  if (!operand || !typeNode) return
  if (!isProvenError(operand, ctx.pkg, ctx.path)) return
  const type = assertedType(ctx, typeNode, assertion)
  if (!type) return
  const [targetIdent, okIdent] = names
  const target = targetIdent.text()
  const message = `use errors.As(${operand.text()}, &${target === '_' ? 'target' : target}) instead of asserting ${type.text}, so a wrapped ${type.text} still matches`
  const fix = buildFix(ctx, assertion, stmt, operand, type, targetIdent, okIdent, chosen)
  if (typeof fix === 'string') ctx.report({ node: assertion, message: `${message} (not fixed: ${fix})` })
  else ctx.report({ node: assertion, message, fix: { edits: fix, imports: ['errors'] } })
}

/** The edits of the fix, or the reason there is none. */
function buildFix(
  ctx: RuleContext,
  assertion: SgNode,
  stmt: SgNode,
  operand: SgNode,
  type: AssertedType,
  targetIdent: SgNode,
  okIdent: SgNode,
  chosen: Map<number, Set<string>>,
): Edit[] | string {
  const ifStmt = stmt.parent()
  if (stmt.kind() !== 'short_var_declaration' || ifStmt?.kind() !== 'if_statement' || field(ifStmt, 'initializer')?.id() !== stmt.id()) {
    return 'only `if v, ok := err.(T); ok {` is rewritten; test the error with errors.As where it is used'
  }
  const usable = errorsFunctionAt(ctx, ifStmt, 'As')
  if ('reason' in usable) return usable.reason
  const errorsName = usable.name
  const target = targetIdent.text()
  const ok = okIdent.text()
  // `if err, ok := err.(*T)` would become errors.As(err, &err).
  if (target !== '_' && mentions(operand, target)) return `${target} shadows the error it is asserted from; give it another name first`
  if (ok === '_') return 'the condition does not test the result of the assertion'
  const cond = field(ifStmt, 'condition')
  const leaf = cond ? firstEvaluated(cond) : null
  if (!cond || !leaf || leaf.kind() !== 'identifier' || leaf.text() !== ok) return `the condition does not start with ${ok}`
  if (usedElsewhere(ifStmt, okIdent, leaf)) return `${ok} is used beyond the condition`
  const between = ctx.source.slice(stmt.range().end.index, cond.range().start.index)
  if (!/^[ \t]*;[ \t]*$/.test(between)) return 'a comment sits between the assertion and the condition'

  const fn = enclosingFunction(ifStmt)
  let name = target
  if (target === '_') {
    if (!fn) return 'no function around the statement'
    name = freshName(ctx, fn, chosen)
  } else if (mentions(field(assertion, 'type')!, name)) {
    return `${name} is also a type name here`
  }
  const call = `${errorsName}.As(${operand.text()}, &${name})`
  const leafRange = leaf.range()
  const start = stmt.range().start.index
  const edits: Edit[] = [{ start: leafRange.start.index, end: leafRange.end.index, text: call }]
  if (canDeclareBefore(ctx, ifStmt, fn, name)) {
    const lineStart = lineStartOf(ctx.source, ifStmt.range().start.index)
    const indent = indentationAt(ctx.source, ifStmt.range().start.index)
    edits.push({ start: lineStart, end: lineStart, text: `${indent}var ${name} ${type.text}\n` })
    edits.push({ start, end: cond.range().start.index, text: '' })
  } else {
    if (!type.zero) return `the zero value of ${type.text} cannot be spelled here`
    edits.push({ start, end: stmt.range().end.index, text: `${name} := ${type.zero}` })
  }
  return edits
}

/**
 * The operand Go evaluates first in a condition: the left side of binary
 * operators, through parentheses and `!`. The assertion's ok must be it, so
 * that nothing reads the target before errors.As has filled it.
 */
function firstEvaluated(expr: SgNode): SgNode | null {
  let node: SgNode | null = expr
  for (;;) {
    if (!node) return null
    switch (node.kind()) {
      case 'parenthesized_expression':
        node = namedChildren(node)[0] ?? null
        break
      case 'binary_expression':
        node = field(node, 'left')
        break
      case 'unary_expression':
        if (field(node, 'operator')?.text() !== '!') return node
        node = field(node, 'operand')
        break
      default:
        return node
    }
  }
}

/** Whether any identifier in the if statement besides `leaf` refers to the declared `ok`. */
function usedElsewhere(ifStmt: SgNode, okIdent: SgNode, leaf: SgNode): boolean {
  const ok = okIdent.text()
  for (const ident of ifStmt.findAll({ rule: { kind: 'identifier', regex: `^${ok}$` } })) {
    if (ident.id() === okIdent.id() || ident.id() === leaf.id()) continue
    // `v, ok := m[k]` inside the if declares a new ok: every block in there is a new scope.
    const list = ident.parent()
    if (list?.kind() === 'expression_list' && list.parent()?.kind() === 'short_var_declaration' && field(list.parent()!, 'left')?.id() === list.id()) continue
    const decl = lookupLocal(ident, ok)
    // Unresolved uses are counted too: better no fix than a broken one.
    if (!decl || decl.ident.id() === okIdent.id()) return true
  }
  return false
}

function mentions(node: SgNode, name: string): boolean {
  if ((node.kind() === 'identifier' || node.kind() === 'type_identifier') && node.text() === name) return true
  return node.find({ rule: { any: [{ kind: 'identifier' }, { kind: 'type_identifier' }, { kind: 'package_identifier' }], regex: `^${name}$` } }) !== null
}

/**
 * Whether `var name T` may go on the line before the if: the if is a plain
 * statement of a block, the name is not in scope there (so nothing is
 * shadowed or redeclared) and no later statement of the block mentions it,
 * and no goto could jump over the new declaration.
 */
function canDeclareBefore(ctx: RuleContext, ifStmt: SgNode, fn: SgNode | null, name: string): boolean {
  const list = ifStmt.parent()
  if (!fn || list?.kind() !== 'statement_list') return false
  const lineStart = lineStartOf(ctx.source, ifStmt.range().start.index)
  if (ctx.source.slice(lineStart, ifStmt.range().start.index).trim() !== '') return false
  if (fn.find({ rule: { kind: 'goto_statement' } })) return false
  if (lookupLocal(ifStmt, name)) return false
  let after = false
  for (const sib of list.children()) {
    if (sib.id() === ifStmt.id()) {
      after = true
      continue
    }
    if (!after) {
      if (declsOfStatement(sib).some((d) => d.name === name)) return false
    } else if (sib.isNamed() && mentions(sib, name)) {
      return false
    }
  }
  return true
}

/** A name for a `_` target that no identifier of the function uses and the package does not declare. */
function freshName(ctx: RuleContext, fn: SgNode, chosen: Map<number, Set<string>>): string {
  const taken = chosen.get(fn.id()) ?? new Set<string>()
  chosen.set(fn.id(), taken)
  const used = new Set<string>()
  for (const ident of fn.findAll({ rule: { any: [{ kind: 'identifier' }, { kind: 'type_identifier' }, { kind: 'package_identifier' }] } })) used.add(ident.text())
  const candidates = ['target']
  for (let i = 2; i < 100; i++) candidates.push(`target${i}`)
  const name = candidates.find((c) => !used.has(c) && !taken.has(c) && !ctx.pkg.isDeclared(c))!
  taken.add(name)
  return name
}

function checkTypeSwitch(ctx: RuleContext, sw: SgNode): void {
  const value = field(sw, 'value')
  if (!value || insideMethod(sw, ['Is', 'As', 'Unwrap'])) return
  if (!isProvenError(value, ctx.pkg, ctx.path)) return
  const types = namedChildren(sw)
    .filter((c) => c.kind() === 'type_case')
    .flatMap((c) => fieldChildren(c, 'type').filter((t) => t.isNamed()))
  const concrete = types.map((t) => assertedType(ctx, t, sw)).filter((t): t is AssertedType => t !== null)
  if (concrete.length === 0) return
  const shown = concrete.slice(0, 2).map((t) => t.text).join(', ')
  ctx.report({
    node: sw,
    message: `a type switch on ${value.text()} misses wrapped errors; test ${shown}${concrete.length > 2 ? ', …' : ''} with errors.As in an if/else chain (not fixed: the cases must be rewritten by hand)`,
  })
}

export default codemod
