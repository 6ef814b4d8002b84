import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { enclosingFunction, field, fieldChildren, indentationAt, lineEndOf, lineStartOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { contextEscape } from '../lib/context-escape.js'

/**
 * Matches
 *
 *	ctx, _ := context.WithTimeout(parent, d)   →  ctx, cancel := context.WithTimeout(parent, d)
 *	                                              defer cancel()
 *
 *	ctx, _ = context.WithCancel(ctx)           →  var cancel context.CancelFunc
 *	                                              ctx, cancel = context.WithCancel(ctx)
 *	                                              defer cancel()
 *
 *	var ctx, _ = context.WithTimeout(parent, d) → var ctx, cancel = context.WithTimeout(parent, d)
 *	                                              defer cancel()
 *
 * Reported without a fix when the context may outlive the function (it is
 * returned, stored in a field, a map or a variable of an outer scope or the
 * package, assigned to a named result, handed to a goroutine or a closure,
 * sent on a channel: see codemods/lib/context-escape.ts), where a deferred
 * cancel would hand the caller an already cancelled context, and in loops.
 */
const CONSTRUCTORS: Record<string, { since?: string; cause: boolean }> = {
  WithCancel: { cause: false },
  WithTimeout: { cause: false },
  WithDeadline: { cause: false },
  WithCancelCause: { since: '1.20', cause: true },
  WithTimeoutCause: { since: '1.21', cause: false },
  WithDeadlineCause: { since: '1.21', cause: false },
}

const codemod: CodemodModule = {
  meta: {
    id: 'context-cancel-discarded',
    section: '§5',
    tier: 'safe',
    message: 'the cancel function of a derived context is discarded, so its timer and goroutine leak until the parent ends',
    rationale:
      'context.WithTimeout, WithCancel and WithDeadline start bookkeeping that is only released when the returned cancel function runs (or the parent is cancelled). Dropping it with _ leaks that bookkeeping for as long as the parent lives, which for a server context is forever.',
    useInstead: 'ctx, cancel := context.WithTimeout(ctx, d) followed by defer cancel()',
    fixSafety:
      'Safe: the fix is only made when every use of the context, and of the values built from it (a request, query rows), ends inside the function, so cancelling on return only releases what nothing uses any more. When the context (or such a value) is returned, stored in a field, map, named result or a variable of an outer scope, handed to a goroutine or a closure that may run later, or sent on a channel, the rule reports without fixing and says where it goes: the cancel belongs where that use ends. Passing the context to a call counts as a use that ends with the call. In a loop body a deferred cancel would pile up until the function returns, so there too the rule reports without fixing.',
    examples: [
      {
        bad: 'ctx, _ := context.WithTimeout(r.Context(), 2*time.Second)\nrows, err := db.QueryContext(ctx, q)',
        good: 'ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)\ndefer cancel()\nrows, err := db.QueryContext(ctx, q)',
      },
    ],
  },
  prefilter: [/,\s*_\s*:?=\s*[\w.]*With(Cancel|Timeout|Deadline)/],
  matchers: {
    assignments: {
      any: [
        { kind: 'short_var_declaration', has: { field: 'right', stopBy: 'neighbor', has: { kind: 'call_expression', stopBy: 'neighbor', has: { field: 'function', regex: 'With(Cancel|Timeout|Deadline)' } } } },
        { kind: 'assignment_statement', has: { field: 'right', stopBy: 'neighbor', has: { kind: 'call_expression', stopBy: 'neighbor', has: { field: 'function', regex: 'With(Cancel|Timeout|Deadline)' } } } },
        // var c, _ = context.WithTimeout(…) inside a function
        { kind: 'var_spec', inside: { kind: 'var_declaration', inside: { kind: 'statement_list' } }, has: { field: 'value', stopBy: 'neighbor', has: { kind: 'call_expression', stopBy: 'neighbor', has: { field: 'function', regex: 'With(Cancel|Timeout|Deadline)' } } } },
      ],
    },
  },
  check(ctx) {
    const chosen = new Map<number, Set<string>>()
    for (const stmt of ctx.matches('assignments')) {
      checkStatement(ctx, stmt, chosen)
    }
  },
}

function contextCall(ctx: RuleContext, stmt: SgNode): { call: SgNode; pkgName: string; name: string } | null {
  const right = field(stmt, stmt.kind() === 'var_spec' ? 'value' : 'right')
  const exprs = right ? namedChildren(right) : []
  if (exprs.length !== 1 || exprs[0].kind() !== 'call_expression') return null
  const fn = field(exprs[0], 'function')
  if (!fn || fn.kind() !== 'selector_expression') return null
  const pkgName = field(fn, 'operand')?.text() ?? ''
  const name = field(fn, 'field')?.text() ?? ''
  if (!(name in CONSTRUCTORS)) return null
  if (packagePathAt(ctx.pkg, ctx.path, field(fn, 'operand')!) !== 'context') return null
  return { call: exprs[0], pkgName, name }
}

function freeName(ctx: RuleContext, scope: SgNode, ctxName: string, taken: Set<string>): string {
  const used = new Set<string>(taken)
  for (const ident of scope.findAll({ rule: { kind: 'identifier' } })) used.add(ident.text())
  const candidates = ['cancel', `${ctxName === '_' ? 'ctx' : ctxName}Cancel`]
  for (let i = 2; i < 100; i++) candidates.push(`cancel${i}`)
  return candidates.find((c) => !used.has(c) && !ctx.pkg.isDeclared(c))!
}

/** Whether a `for` statement lies between the node and its function. */
function insideLoopOf(node: SgNode, fn: SgNode): boolean {
  for (const a of node.ancestors()) {
    if (a.id() === fn.id()) return false
    if (a.kind() === 'for_statement') return true
  }
  return false
}

/** Why the context assigned at `target` may outlive the function, or null. */
function escapeOf(stmt: SgNode, fn: SgNode, target: SgNode): string | null {
  const name = target.text()
  if (target.kind() !== 'identifier') return `it is stored in ${name}`
  if (name === '_') return null
  if (stmt.kind() !== 'assignment_statement') return contextEscape(fn, target, name, stmt.range().end.index)
  const decl = lookupLocal(target, name)
  if (!decl) return `it is assigned to ${name}, a variable of the package`
  if (decl.kind === 'result') return `it is assigned to the named result ${name}`
  const declAt = decl.ident.range().start.index
  if (declAt < fn.range().start.index || declAt > fn.range().end.index) return `it is assigned to ${name}, a variable of an enclosing function`
  return contextEscape(fn, decl.ident, name, stmt.range().end.index)
}

function checkStatement(ctx: RuleContext, stmt: SgNode, chosen: Map<number, Set<string>>): void {
  const found = contextCall(ctx, stmt)
  if (!found) return
  const isVar = stmt.kind() === 'var_spec'
  const targets = field(stmt, 'left')
  const left = isVar ? fieldChildren(stmt, 'name') : !targets ? [] : targets.kind() === 'expression_list' ? namedChildren(targets) : [targets]
  if (left.length !== 2 || left[1].text() !== '_') return
  const spec = CONSTRUCTORS[found.name]
  if (spec.since && ctx.goVersion && !ctx.atLeast(spec.since)) return
  const message = `the cancel function returned by ${found.pkgName}.${found.name} is discarded; keep it and defer it`
  const fn = enclosingFunction(stmt)
  // The statement a defer can follow: a var spec stands for its declaration, alone in it.
  const whole = isVar ? stmt.parent() : stmt
  const list = whole?.parent()
  if (!fn || !whole || list?.kind() !== 'statement_list' || (isVar && namedChildren(whole).length !== 1)) {
    ctx.report({ node: stmt, message })
    return
  }
  if (insideLoopOf(stmt, fn)) {
    ctx.report({ node: stmt, message: `${message} (not fixed: in a loop, cancel at the end of each iteration instead of deferring)` })
    return
  }
  const escape = escapeOf(stmt, fn, left[0])
  if (escape) {
    ctx.report({ node: stmt, message: `${message} (not fixed: ${escape}, so a deferred cancel would end it while still in use; cancel it where its use ends)` })
    return
  }
  // Names picked earlier in this pass for the same function are not in its text yet.
  const taken = chosen.get(fn.id()) ?? new Set<string>()
  const name = freeName(ctx, fn, left[0].text(), taken)
  taken.add(name)
  chosen.set(fn.id(), taken)
  const indent = indentationAt(ctx.source, whole.range().start.index)
  const blank = left[1].range()
  const after = lineEndOf(ctx.source, whole.range().end.index)
  const deferred = spec.cause ? `${name}(nil)` : `${name}()`
  const edits: Edit[] = [
    { start: blank.start.index, end: blank.end.index, text: name },
    { start: after, end: after, text: `${indent}defer ${deferred}\n` },
  ]
  if (stmt.kind() === 'assignment_statement') {
    const type = spec.cause ? 'CancelCauseFunc' : 'CancelFunc'
    const lineStart = lineStartOf(ctx.source, stmt.range().start.index)
    edits.push({ start: lineStart, end: lineStart, text: `${indent}var ${name} ${found.pkgName}.${type}\n` })
  }
  ctx.report({ node: stmt, message, fix: { edits } })
}

export default codemod
