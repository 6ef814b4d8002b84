import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { enclosingFunction, field, indentationAt, lineStartOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { contains, freeName, usesOf, writeOf } from '../lib/loops.js'

/**
 * Matches, below Go 1.23, `time.After` as a case of a select in a loop:
 * every pass makes a timer that lives until it fires.
 *
 *	for {                                timer := time.NewTimer(d)
 *		select {                         defer timer.Stop()
 *		case v := <-in:                  for {
 *			…                                if !timer.Stop() {
 *		case <-time.After(d):      →             select {
 *			return                               case <-timer.C:
 *		}                                        default:
 *	}                                            }
 *	                                         }
 *	                                         timer.Reset(d)
 *	                                         select {
 *	                                         case v := <-in:
 *	                                         case <-timer.C:
 *
 * The timer is reset just before the select, so each pass still waits d
 * from the moment it starts waiting. Reported without a fix: a duration
 * that the loop computes or changes, or that calls anything (it would be
 * evaluated twice); a loop inside another loop (the deferred Stop would
 * pile up).
 */
const codemod: CodemodModule = {
  meta: {
    id: 'time-after-in-loop',
    section: '§12',
    tier: 'suggest',
    message: 'time.After in a select inside a loop makes a new timer on every pass, and before Go 1.23 each one lives until it fires',
    rationale:
      'Every evaluation of time.After creates a timer. In a loop whose select is usually won by another case, those timers pile up: until Go 1.23 a timer is not collected before it fires, so a long timeout in a busy loop holds thousands of them.',
    useInstead: 'One timer made before the loop with time.NewTimer, stopped with defer, stopped and drained then Reset before each select, and received from timer.C.',
    fixSafety:
      'Suggest: the select still times out d after it starts waiting on each pass; the timer is stopped, drained without blocking and reset just before the select, which is correct with both the old and the Go 1.23 timer channels. Only below Go 1.23 (from 1.23 unreferenced timers are collected and the rule stays quiet). Not fixed when the duration is computed or changed in the loop or involves a call, or when the loop sits inside another loop.',
    goVersion: { max: '1.23' },
    examples: [
      {
        bad: 'for {\n\tselect {\n\tcase msg := <-in:\n\t\thandle(msg)\n\tcase <-time.After(time.Minute):\n\t\treturn\n\t}\n}',
        good: 'timer := time.NewTimer(time.Minute)\ndefer timer.Stop()\nfor {\n\tif !timer.Stop() {\n\t\tselect {\n\t\tcase <-timer.C:\n\t\tdefault:\n\t\t}\n\t}\n\ttimer.Reset(time.Minute)\n\tselect {\n\tcase msg := <-in:\n\t\thandle(msg)\n\tcase <-timer.C:\n\t\treturn\n\t}\n}',
      },
    ],
  },
  prefilter: ['.After('],
  matchers: {
    afters: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^After$' } },
      inside: { kind: 'communication_case', stopBy: 'end', inside: { kind: 'select_statement', inside: { kind: 'for_statement', stopBy: 'end' } } },
    },
  },
  check(ctx) {
    const chosen = new Map<number, Set<string>>()
    for (const call of ctx.matches('afters')) checkAfter(ctx, call, chosen)
  },
}

function checkAfter(ctx: RuleContext, call: SgNode, chosen: Map<number, Set<string>>): void {
  const fnSel = field(call, 'function')!
  const operand = field(fnSel, 'operand')
  if (operand?.kind() !== 'identifier' || packagePathAt(ctx.pkg, ctx.path, operand, (p) => p === 'time') !== 'time') return
  // The call must be what the case receives from: `case <-time.After(d):` / `case t := <-time.After(d):`.
  const recv = call.parent()
  if (recv?.kind() !== 'unary_expression' || recv.children()[0]?.text() !== '<-') return
  const stmt = recv.parent()?.kind() === 'expression_list' ? recv.parent()!.parent() : recv.parent()
  if (stmt?.kind() !== 'receive_statement' || stmt.parent()?.kind() !== 'communication_case') return
  const select = stmt.parent()!.parent()!
  const loop = loopAround(select)
  if (!loop) return
  const fn = enclosingFunction(loop)
  if (!fn) return
  const t = operand.text()
  const message = `${t}.After makes a new timer on every pass of this loop, each alive until it fires before Go 1.23: reuse one ${t}.NewTimer and Reset it`
  const refuse = (why: string) => ctx.report({ node: call, message: `${message} (not fixed: ${why})` })
  const args = namedChildren(field(call, 'arguments')!)
  if (args.length !== 1) return refuse('unexpected arguments')
  const d = args[0]
  const why = durationVaries(ctx, d, loop)
  if (why) return refuse(why)
  if (loopAround(loop, fn)) return refuse('the loop is inside another loop, where a deferred Stop would pile up')
  const top = loop.parent()?.kind() === 'labeled_statement' ? loop.parent()! : loop
  if (top.parent()?.kind() !== 'statement_list' || select.parent()?.kind() !== 'statement_list') return refuse('the loop or the select is not a statement of its own')
  const taken = chosen.get(fn.id()) ?? new Set<string>()
  const name = freeName(fn, ['timer'], taken)
  taken.add(name)
  chosen.set(fn.id(), taken)
  const ind = indentationAt(ctx.source, top.range().start.index)
  const sind = indentationAt(ctx.source, select.range().start.index)
  const before = lineStartOf(ctx.source, top.range().start.index)
  const atSelect = lineStartOf(ctx.source, select.range().start.index)
  const reset = [`if !${name}.Stop() {`, `\tselect {`, `\tcase <-${name}.C:`, `\tdefault:`, `\t}`, `}`, `${name}.Reset(${d.text()})`].map((l) => `${sind}${l}\n`).join('')
  ctx.report({
    node: call,
    message,
    fix: {
      edits: [
        { start: before, end: before, text: `${ind}${name} := ${t}.NewTimer(${d.text()})\n${ind}defer ${name}.Stop()\n` },
        { start: atSelect, end: atSelect, text: reset },
        { start: call.range().start.index, end: call.range().end.index, text: `${name}.C` },
      ],
    },
  })
}

/** The closest loop around a node within its function, if any. */
function loopAround(node: SgNode, stopAt?: SgNode): SgNode | null {
  for (let a = node.parent(); a; a = a.parent()) {
    const k = a.kind()
    if (stopAt && a.id() === stopAt.id()) return null
    if (k === 'func_literal' || k === 'function_declaration' || k === 'method_declaration') return null
    if (k === 'for_statement') return a
  }
  return null
}

/** Why the duration may differ from pass to pass, or cost something to evaluate again; null when it is fixed. */
function durationVaries(ctx: RuleContext, d: SgNode, loop: SgNode): string | null {
  for (const call of [d, ...d.findAll({ rule: { kind: 'call_expression' } })].filter((n) => n.kind() === 'call_expression')) {
    const fn = field(call, 'function')
    const isConversion = fn?.kind() === 'selector_expression' && field(fn, 'field')?.text() === 'Duration' && packagePathAt(ctx.pkg, ctx.path, field(fn, 'operand')!, (p) => p === 'time') === 'time'
    if (!isConversion) return 'the duration calls a function, which would run twice per pass'
  }
  const body = field(loop, 'body')!
  for (const id of [d, ...d.findAll({ rule: { kind: 'identifier' } })].filter((n) => n.kind() === 'identifier')) {
    const parent = id.parent()
    // Package names (`time.Second`) and fields are not variables.
    const decl = lookupLocal(id, id.text())
    const imported = ctx.pkg.file(ctx.path)?.imports.some((i) => i.localName === id.text())
    if (parent?.kind() === 'selector_expression' && field(parent, 'operand')?.id() === id.id() && !decl && imported) continue
    if (decl && contains(loop, decl.ident)) return `the duration depends on ${id.text()}, declared in the loop`
    if (usesOf(body, id.text()).some((u) => writeOf(u) === 'assign')) return `the duration depends on ${id.text()}, which the loop changes`
  }
  return null
}

export default codemod
