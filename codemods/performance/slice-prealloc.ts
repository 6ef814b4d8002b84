import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Matches a slice declared empty and filled by a loop that appends exactly
 * one element per element of what it ranges over:
 *
 *	var out []string                        out := make([]string, 0, len(users))
 *	for _, u := range users {          →    for _, u := range users {
 *		out = append(out, u.Name)               out = append(out, u.Name)
 *	}                                       }
 *
 * (also `out := []string{}`). Left alone: appends under a condition, of
 * several elements (`append(out, a, b)`, `append(out, xs...)`), loops that
 * can stop early or skip (break, continue, return, goto, panic), other
 * uses of the slice in the loop, and ranges over anything not known to be
 * a slice, array, map or string from its declaration (a channel, an
 * integer, an iterator function, a call's result).
 */
const codemod: CodemodModule = {
  meta: {
    id: 'slice-prealloc',
    section: '§9',
    tier: 'suggest',
    message: 'slice grows one append at a time though the final length is known; allocate it with make([]T, 0, len(xs))',
    rationale:
      'append on a slice without spare capacity allocates a larger array and copies every element, again and again as the slice grows. When the loop adds exactly one element per element ranged over, the final length is known before the loop: one allocation of the right size does the same work without the copies and the garbage.',
    useInstead: 'out := make([]string, 0, len(users)) before the loop',
    fixSafety:
      'Suggest: when the ranged value is empty, the slice used to stay nil and is now empty but not nil. Code that compares it with nil, or encodes it (JSON null becomes []), sees the difference.',
    examples: [
      {
        bad: 'func names(users []string) []string {\n\tvar out []string\n\tfor _, u := range users {\n\t\tout = append(out, u+"!")\n\t}\n\treturn out\n}',
        good: 'func names(users []string) []string {\n\tout := make([]string, 0, len(users))\n\tfor _, u := range users {\n\t\tout = append(out, u+"!")\n\t}\n\treturn out\n}',
      },
    ],
  },
  prefilter: [(source) => source.includes('= append(') && source.includes('range ')],
  matchers: { loops: { kind: 'for_statement', has: { kind: 'range_clause' } } },
  check(ctx) {
    for (const loop of ctx.matches('loops')) checkLoop(ctx, loop)
  },
}

function checkLoop(ctx: RuleContext, loop: SgNode): void {
  let decl = loop.prev()
  while (decl?.kind() === 'comment') decl = decl.prev()
  const declared = decl ? emptySlice(decl) : null
  if (!declared) return
  const { name, type } = declared
  const clause = namedChildren(loop).find((c) => c.kind() === 'range_clause')!
  const ranged = field(clause, 'right')
  if (!ranged || !hasLength(ranged)) return
  const body = field(loop, 'body')
  const stmts = body ? namedChildren(namedChildren(body)[0] ?? body).filter((s) => s.kind() !== 'comment') : []
  if (!body || /\b(break|continue|return|goto|panic)\b/.test(body.text())) return
  const appends = stmts.filter((s) => isSingleAppend(s, name))
  if (appends.length !== 1) return
  // Every other mention of the slice in the loop would see a different capacity or is a second append.
  const mentions = body.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } }).length
  if (mentions !== 2 || clause.text().match(new RegExp(`\\b${name}\\b`))) return
  const r = decl!.range()
  ctx.report({
    node: decl!,
    message: `${name} grows by one append per element of ${ranged.text()}; allocate it with make(${type}, 0, len(${ranged.text()})) (when ${ranged.text()} is empty, ${name} becomes an empty, non-nil slice instead of nil)`,
    fix: { edits: [{ start: r.start.index, end: r.end.index, text: `${name} := make(${type}, 0, len(${ranged.text()}))` }] },
  })
}

/** `var out []T` or `out := []T{}`: the name and the slice type. */
function emptySlice(stmt: SgNode): { name: string; type: string } | null {
  if (stmt.kind() === 'var_declaration') {
    const specs = namedChildren(stmt)
    if (specs.length !== 1 || specs[0].kind() !== 'var_spec') return null
    const names = fieldChildren(specs[0], 'name')
    const type = field(specs[0], 'type')
    if (names.length !== 1 || type?.kind() !== 'slice_type' || field(specs[0], 'value')) return null
    return { name: names[0].text(), type: type.text() }
  }
  if (stmt.kind() === 'short_var_declaration') {
    const left = namedChildren(field(stmt, 'left')!)
    const right = namedChildren(field(stmt, 'right')!)
    if (left.length !== 1 || right.length !== 1 || right[0].kind() !== 'composite_literal') return null
    const type = field(right[0], 'type')
    const body = field(right[0], 'body')
    if (type?.kind() !== 'slice_type' || !body || namedChildren(body).length > 0) return null
    return { name: left[0].text(), type: type.text() }
  }
  return null
}

/** `out = append(out, e)` with one element and no spread. */
function isSingleAppend(stmt: SgNode, name: string): boolean {
  if (stmt.kind() !== 'assignment_statement') return false
  const left = namedChildren(field(stmt, 'left')!)
  const right = namedChildren(field(stmt, 'right')!)
  if (left.length !== 1 || right.length !== 1 || left[0].text() !== name || right[0].kind() !== 'call_expression') return false
  if (stmt.children().find((c) => !c.isNamed())?.text() !== '=') return false
  const call = right[0]
  if (field(call, 'function')?.text() !== 'append') return false
  const args = field(call, 'arguments')!
  const list = namedChildren(args)
  return list.length === 2 && list[0].text() === name && !args.text().includes('...')
}

/**
 * Whether `len()` of the ranged expression is the number of iterations,
 * proven by the declaration of a local name: a slice, array, map or string
 * type, or a value built as one.
 */
function hasLength(expr: SgNode): boolean {
  if (expr.kind() !== 'identifier') return false
  const decl = lookupLocal(expr, expr.text())
  if (!decl) return false
  if (decl.type !== undefined) return /^(\[|map\[|string$)/.test(decl.type)
  const value = decl.value
  if (!value || decl.kind === 'range') return false
  if (value.kind() === 'composite_literal') return /^(slice_type|array_type|implicit_length_array_type|map_type)$/.test(String(field(value, 'type')?.kind()))
  if (value.kind() === 'call_expression' && field(value, 'function')?.text() === 'make') {
    const first = namedChildren(field(value, 'arguments')!)[0]
    return first?.kind() === 'slice_type' || first?.kind() === 'map_type'
  }
  return value.kind() === 'interpreted_string_literal' || value.kind() === 'raw_string_literal'
}

export default codemod
