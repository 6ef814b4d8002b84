import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { enclosingFunction, field, identifiersOf, indentationAt, lineEndOf, lineStartOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { jumpsOutOf, ownReturns } from '../lib/exits.js'
import { freeName, usesOf } from '../lib/loops.js'

/**
 * Matches time.Tick inside a function, below Go 1.23:
 *
 *	tick := time.Tick(d)          →  tick := time.NewTicker(d)
 *	for range tick {                 defer tick.Stop()
 *	                                 for range tick.C {
 *
 *	for now := range time.Tick(d) {  →  ticker := time.NewTicker(d)
 *	                                    defer ticker.Stop()
 *	                                    for now := range ticker.C {
 *
 * Left alone: package-level tickers (they live as long as the program).
 * Reported without a fix: a ticker made in a loop (a deferred Stop would
 * pile up), one handed on to anything but a receive or a range, one read by
 * a closure, and one in `main` whose loop never ends.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'time-tick-leak',
    section: '§12',
    tier: 'safe',
    message: 'time.Tick starts a ticker that can never be stopped; before Go 1.23 it is never collected and leaks once the function returns',
    rationale:
      'time.Tick returns only the channel of a new ticker, so nothing can ever stop it. Until Go 1.23 a ticker that is not stopped keeps firing and is never garbage collected: every call of a function that uses time.Tick leaves one more ticker behind.',
    useInstead: 'ticker := time.NewTicker(d) followed by defer ticker.Stop(), and receive from ticker.C.',
    fixSafety:
      'Safe: the ticker is stopped when the function returns, after which nothing reads it. Only below Go 1.23 (from 1.23 an unreferenced ticker is collected, and the rule stays quiet); only when every use of the channel is a receive or a range in the same function.',
    goVersion: { max: '1.23' },
    examples: [
      {
        bad: 'tick := time.Tick(time.Second)\nfor range tick {\n\tif poll() {\n\t\treturn\n\t}\n}',
        good: 'tick := time.NewTicker(time.Second)\ndefer tick.Stop()\nfor range tick.C {\n\tif poll() {\n\t\treturn\n\t}\n}',
      },
    ],
  },
  prefilter: ['.Tick('],
  matchers: {
    ticks: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^Tick$' } },
      inside: { any: [{ kind: 'function_declaration' }, { kind: 'method_declaration' }, { kind: 'func_literal' }], stopBy: 'end' },
    },
  },
  check(ctx) {
    const chosen = new Map<number, Set<string>>()
    for (const call of ctx.matches('ticks')) checkTick(ctx, call, chosen)
  },
}

function checkTick(ctx: RuleContext, call: SgNode, chosen: Map<number, Set<string>>): void {
  const fnSel = field(call, 'function')!
  const operand = field(fnSel, 'operand')
  if (operand?.kind() !== 'identifier' || packagePathAt(ctx.pkg, ctx.path, operand, (p) => p === 'time') !== 'time') return
  const fn = enclosingFunction(call)
  if (!fn) return
  const message = `${operand.text()}.Tick starts a ticker nothing can stop; before Go 1.23 it leaks once the function returns: use ${operand.text()}.NewTicker and defer its Stop`
  const refuse = (why: string) => ctx.report({ node: call, message: `${message} (not fixed: ${why})` })
  const parent = call.parent()
  const decl = parent?.kind() === 'expression_list' ? parent.parent() : null
  const stmt = decl?.kind() === 'short_var_declaration' ? decl : parent?.kind() === 'range_clause' ? parent.parent() : null
  if (!stmt || stmt.parent()?.kind() !== 'statement_list' && stmt.parent()?.kind() !== 'labeled_statement') return refuse('the ticker is not kept in a variable or ranged over')
  if (insideLoop(stmt, fn)) return refuse('it is made in a loop, where a deferred Stop would pile up')
  const newTicker: Edit = { start: field(fnSel, 'field')!.range().start.index, end: field(fnSel, 'field')!.range().end.index, text: 'NewTicker' }
  if (stmt.kind() === 'for_statement') {
    if (runsForever(ctx, stmt, fn)) return refuse('main never leaves this loop, so the ticker lives as long as the program')
    const taken = chosen.get(fn.id()) ?? new Set<string>()
    const name = freeName(fn, ['ticker'], taken)
    taken.add(name)
    chosen.set(fn.id(), taken)
    const top = stmt.parent()?.kind() === 'labeled_statement' ? stmt.parent()! : stmt
    const at = lineStartOf(ctx.source, top.range().start.index)
    const indent = indentationAt(ctx.source, top.range().start.index)
    const { start, end } = call.range()
    const created = `${operand.text()}.NewTicker${ctx.source.slice(field(call, 'arguments')!.range().start.index, end.index)}`
    return ctx.report({
      node: call,
      message,
      fix: { edits: [{ start: at, end: at, text: `${indent}${name} := ${created}\n${indent}defer ${name}.Stop()\n` }, { start: start.index, end: end.index, text: `${name}.C` }] },
    })
  }
  const names = identifiersOf(field(stmt, 'left'))
  if (names.length !== 1 || namedChildren(field(stmt, 'right')!).length !== 1) return refuse('the declaration holds more than the ticker')
  const name = names[0].text()
  const edits: Edit[] = [newTicker]
  let loop: SgNode | null = null
  for (const use of usesOf(fn, name)) {
    if (use.range().start.index <= names[0].range().start.index) continue
    const d = lookupLocal(use, name)
    if (d?.ident.id() !== names[0].id()) continue
    const how = useOf(use)
    if (!how) return refuse(`${name} is used as a value, not only received from`)
    if (closureBetween(use, fn)) return refuse(`${name} is read by a closure, which may outlive the function`)
    loop ??= how
    edits.push({ start: use.range().end.index, end: use.range().end.index, text: '.C' })
  }
  if (loop && runsForever(ctx, loop, fn)) return refuse('main never leaves this loop, so the ticker lives as long as the program')
  const after = lineEndOf(ctx.source, stmt.range().end.index)
  edits.push({ start: after, end: after, text: `${indentationAt(ctx.source, stmt.range().start.index)}defer ${name}.Stop()\n` })
  ctx.report({ node: call, message, fix: { edits } })
}

/** `<-tick` or `range tick`: the loop statement around the use (or the use itself), else null. */
function useOf(use: SgNode): SgNode | null {
  const parent = use.parent()
  if (parent?.kind() === 'unary_expression' && parent.children()[0]?.text() === '<-') return parent.ancestors().find((a) => a.kind() === 'for_statement') ?? parent
  if (parent?.kind() === 'range_clause' && field(parent, 'right')?.id() === use.id()) return parent.parent()
  return null
}

function insideLoop(node: SgNode, fn: SgNode): boolean {
  for (let a = node.parent(); a && a.id() !== fn.id(); a = a.parent()) if (a.kind() === 'for_statement') return true
  return false
}

function closureBetween(node: SgNode, fn: SgNode): boolean {
  for (let a = node.parent(); a && a.id() !== fn.id(); a = a.parent()) if (a.kind() === 'func_literal') return true
  return false
}

/** A loop of `func main` that nothing leaves: its ticker lives as long as the program anyway. */
function runsForever(ctx: RuleContext, loop: SgNode, fn: SgNode): boolean {
  if (loop.kind() !== 'for_statement' || fn.kind() !== 'function_declaration' || field(fn, 'name')?.text() !== 'main' || ctx.pkg.name !== 'main') return false
  const body = field(loop, 'body')!
  return ownReturns(body).length === 0 && jumpsOutOf(loop, body).breaks.length === 0 && jumpsOutOf(loop, body).other.length === 0
}

export default codemod
