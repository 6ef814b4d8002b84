import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { field, identifiersOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { contains, loopVariableOf, usesOf, writeOf, type LoopVariable } from '../lib/loops.js'

/**
 * Matches, in a module at Go 1.22 or later, a copy of a loop variable made
 * so that closures would see their own value:
 *
 *	for _, tc := range cases {
 *		tc := tc // capture         →  (line removed)
 *		t.Run(tc.name, func(t *testing.T) { t.Parallel(); check(t, tc) })
 *	}
 *
 *	for i, tc := range cases {
 *		go func() {
 *			i, tc := i, tc          →  (line removed)
 *			…
 *
 * Left alone: `x := x` of a parameter or of any variable a `for` clause does
 * not declare; copies a later write (`tc.n++`, `&tc`, `i++`) makes needed
 * because the copy and the loop variable would then differ.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'loopvar-copy-redundant',
    section: '§12',
    tier: 'safe',
    message: 'this copy of a loop variable is redundant since Go 1.22, where each iteration has its own variable',
    rationale:
      'Before Go 1.22 a for clause declared one variable for the whole loop, and `v := v` gave each closure its own copy. From Go 1.22 (by the go directive of go.mod) every iteration declares a fresh variable, so the copy only adds noise and suggests a bug that can no longer happen.',
    useInstead: 'Use the loop variable directly.',
    fixSafety:
      'Safe: the line is removed only when the module says Go 1.22 or later (unknown versions are left alone), the file does not ask for an older language with a //go:build line, and nothing in the loop writes the variable, so the copy and the loop variable can never hold different values. A comment on the copy\'s line, or one just above it about capturing the variable, goes with it.',
    goVersion: { min: '1.22' },
    examples: [
      {
        bad: 'for _, tc := range cases {\n\ttc := tc\n\tt.Run(tc.name, func(t *testing.T) {\n\t\tt.Parallel()\n\t\tcheck(t, tc)\n\t})\n}',
        good: 'for _, tc := range cases {\n\tt.Run(tc.name, func(t *testing.T) {\n\t\tt.Parallel()\n\t\tcheck(t, tc)\n\t})\n}',
      },
    ],
  },
  // `x := x` or `i, tc := i, tc`: a name copied onto itself.
  prefilter: [/\b([A-Za-z_][A-Za-z0-9_]*)(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*\s*:=\s*\1\b/],
  matchers: {
    copies: {
      kind: 'short_var_declaration',
      regex: '^[A-Za-z_][A-Za-z0-9_]*(, *[A-Za-z_][A-Za-z0-9_]*)* := [A-Za-z_][A-Za-z0-9_]*(, *[A-Za-z_][A-Za-z0-9_]*)*$',
      inside: { kind: 'for_statement', stopBy: 'end' },
    },
  },
  check(ctx) {
    if (olderBuildConstraint(ctx.source)) return
    for (const stmt of ctx.matches('copies')) checkCopy(ctx, stmt)
  },
}

/** A `//go:build go1.N` line with N < 22 sets this file's language below the module's. */
function olderBuildConstraint(source: string): boolean {
  const m = /^\/\/go:build .*\bgo1\.(\d+)\b/m.exec(source)
  return !!m && Number(m[1]) < 22
}

/** Names the line says something about capturing or copying the variable. */
const CAPTURE_COMMENT = /captur|loop ?var|range ?var|iteration|pin|shadow|closure|goroutine|parallel|copy|rebind|scopelint|go ?1\.22|gotcha/i

function checkCopy(ctx: RuleContext, stmt: SgNode): void {
  if (stmt.parent()?.kind() !== 'statement_list') return
  const left = identifiersOf(field(stmt, 'left'))
  const right = namedChildren(field(stmt, 'right')!)
  if (left.length !== right.length || right.some((r) => r.kind() !== 'identifier')) return
  if (left.some((l, i) => l.text() !== right[i].text() || l.text() === '_')) return
  const copied = right.map((r) => loopVariableOf(r))
  if (copied.every((v) => v === null)) return
  const redundant = copied.map((v) => v !== null && copyCanGo(stmt, v))
  if (!redundant.some(Boolean)) return
  const names = left.filter((_, i) => redundant[i]).map((l) => l.text())
  const message = `${names.join(', ')} ${names.length > 1 ? 'are loop variables' : 'is a loop variable'}, and each iteration has its own since Go 1.22: the copy is redundant`
  const edits = redundant.every(Boolean) ? removeLine(ctx, stmt) : keepOthers(stmt, left, redundant)
  ctx.report({ node: stmt, message: edits ? message : `${message} (not fixed: the statement shares its line)`, fix: edits ? { edits } : undefined })
}

/**
 * Whether the copy and the loop variable always hold the same value, so
 * that uses of the copy may refer to the loop variable instead.
 */
function copyCanGo(stmt: SgNode, v: LoopVariable): boolean {
  const body = field(v.loop, 'body')
  if (!body) return false
  const writes = usesOf(body, v.name).filter((u) => !contains(stmt, u)).map(writeOf)
  if (writes.includes('assign')) return false
  if (!writes.includes('method')) return true
  // A method may change its receiver. A three-clause loop reads its variable after the body;
  // a copy made more than once per iteration (in an inner loop, or a closure that may run
  // many times) gives each run a fresh value.
  if (v.clause === 'three-clause') return false
  for (let a = stmt.parent(); a && a.id() !== body.id(); a = a.parent()) {
    if (a.kind() === 'for_statement') return false
    if (a.kind() === 'func_literal' && !runsOnce(a)) return false
  }
  return true
}

/** A closure started by `go`/`defer`, called in place, or handed to t.Run / g.Go, runs once. */
function runsOnce(lit: SgNode): boolean {
  const parent = lit.parent()
  if (parent?.kind() === 'call_expression' && field(parent, 'function')?.id() === lit.id()) return true
  const call = parent?.kind() === 'argument_list' ? parent.parent() : null
  const fn = call ? field(call, 'function') : null
  return fn?.kind() === 'selector_expression' && /^(Run|Go)$/.test(field(fn, 'field')?.text() ?? '')
}

/** Removes the copy's line, a trailing comment, and a comment just above that is about the copy. */
function removeLine(ctx: RuleContext, stmt: SgNode): Edit[] | null {
  const src = ctx.source
  const { start, end } = stmt.range()
  const lineStart = src.lastIndexOf('\n', start.index - 1) + 1
  if (src.slice(lineStart, start.index).trim() !== '') return null
  const nl = src.indexOf('\n', end.index)
  const lineEnd = nl === -1 ? src.length : nl + 1
  const rest = src.slice(end.index, lineEnd).trim()
  if (rest !== '' && !/^\/\/.*$/.test(rest) && !/^\/\*.*\*\/$/.test(rest)) return null
  let from = lineStart
  // Comment lines right above, when they speak of the copy.
  for (;;) {
    const prevStart = src.lastIndexOf('\n', from - 2) + 1
    const prev = src.slice(prevStart, from).trim()
    if (from === 0 || !prev.startsWith('//') || !CAPTURE_COMMENT.test(prev)) break
    from = prevStart
  }
  let to = lineEnd
  // A copy that opened the block leaves no blank line at its top.
  const before = src.slice(src.lastIndexOf('\n', from - 2) + 1, from).trimEnd()
  if (before.endsWith('{') && /^[ \t]*\n/.test(src.slice(to))) to = src.indexOf('\n', to) + 1
  return [{ start: from, end: to, text: '' }]
}

/** Rewrites `i, x := i, x` to `x := x` when only i is a loop variable whose copy can go. */
function keepOthers(stmt: SgNode, left: SgNode[], redundant: boolean[]): Edit[] {
  const kept = left.filter((_, i) => !redundant[i]).map((l) => l.text()).join(', ')
  const { start, end } = stmt.range()
  return [{ start: start.index, end: end.index, text: `${kept} := ${kept}` }]
}

export default codemod
