import type { SgNode } from '@ast-grep/napi'
import { namedChildren } from '../../src/gosyntax/nodes.js'

const FUNCTIONS = new Set(['func_literal', 'function_declaration', 'method_declaration'])
const BREAKABLE = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement'])

function labelOf(stmt: SgNode): string | null {
  return namedChildren(stmt).find((c) => c.kind() === 'label_name')?.text() ?? null
}

/** The statement an unlabeled `break` or `continue` leaves or restarts. */
export function targetOf(jump: SgNode): SgNode | null {
  const kinds = jump.kind() === 'continue_statement' ? new Set(['for_statement']) : BREAKABLE
  for (const a of jump.ancestors()) {
    if (FUNCTIONS.has(String(a.kind()))) return null
    if (kinds.has(String(a.kind()))) return a
  }
  return null
}

/**
 * Jumps in a loop body (outside closures) that leave or restart the loop
 * itself, or go anywhere by label: `break`/`continue` aimed at the loop,
 * labeled ones, `goto`, and labels.
 */
export function jumpsOutOf(loop: SgNode, body: SgNode): { breaks: SgNode[]; continues: SgNode[]; other: SgNode[] } {
  const out = { breaks: [] as SgNode[], continues: [] as SgNode[], other: [] as SgNode[] }
  const found = body.findAll({
    rule: { any: [{ kind: 'break_statement' }, { kind: 'continue_statement' }, { kind: 'goto_statement' }, { kind: 'labeled_statement' }] },
  })
  for (const j of found) {
    if (j.ancestors().some((a) => a.kind() === 'func_literal' && a.range().start.index > loop.range().start.index)) continue
    const k = j.kind()
    if (k === 'goto_statement' || k === 'labeled_statement' || labelOf(j)) out.other.push(j)
    else if (targetOf(j)?.id() === loop.id()) (k === 'break_statement' ? out.breaks : out.continues).push(j)
  }
  return out
}

/** Return statements of a body that belong to its function (not to closures inside it). */
export function ownReturns(body: SgNode): SgNode[] {
  const start = body.range().start.index
  return body.findAll({ rule: { kind: 'return_statement' } }).filter((r) => !r.ancestors().some((a) => a.kind() === 'func_literal' && a.range().start.index >= start))
}
