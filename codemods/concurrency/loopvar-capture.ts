import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { field, fieldChildren, indentationAt, lineEndOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { contains, isErrgroup, loopVariableOf, usesOf, writeOf, type LoopVariable } from '../lib/loops.js'

/**
 * Matches, below Go 1.22 (or when the version is unknown), a closure that
 * runs after its iteration has moved on and reads the loop variable, which
 * the whole loop shares:
 *
 *	for _, v := range items {        for _, v := range items {
 *		go func() {                      v := v
 *			use(v)             →         go func() {
 *		}()                                  use(v)
 *	}                                    }()
 *	                                 }
 *
 * Closures that run later: `go func(){…}()`, `defer func(){…}()` in the
 * loop's own function, `t.Run(name, func(t *testing.T){ t.Parallel(); … })`
 * and `g.Go(func() error {…})` on an errgroup. A closure called in place, or
 * handed to t.Run without t.Parallel(), runs before the iteration ends.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'loopvar-capture',
    section: '§12',
    tier: 'safe',
    message: 'a closure that runs after this iteration reads the loop variable, which every iteration shares before Go 1.22',
    rationale:
      'Until Go 1.22 a for clause declares one variable for the whole loop. A goroutine, a deferred closure or a parallel subtest started in the loop reads that variable when it runs, by which time the loop has usually moved on, so they all see a later value, often the last one.',
    useInstead: 'Copy the variable at the top of the loop body (`v := v`), or raise the go directive to 1.22, where each iteration has its own variable.',
    fixSafety:
      'Safe: the copy gives each closure the value of its own iteration, which is what Go 1.22 does. Only below Go 1.22 or with an unknown version. In a three-clause loop whose body changes the counter (`i++`, `&i`, a method call) the copy would hide that change from the loop, so there the rule reports without fixing.',
    goVersion: { max: '1.22' },
    examples: [
      {
        bad: 'for _, v := range items {\n\tgo func() {\n\t\tprocess(v)\n\t}()\n}',
        good: 'for _, v := range items {\n\tv := v\n\tgo func() {\n\t\tprocess(v)\n\t}()\n}',
      },
    ],
  },
  prefilter: ['go func', 'defer func', /\.(Run|Go)\(/],
  matchers: {
    closures: {
      kind: 'func_literal',
      inside: { kind: 'for_statement', stopBy: 'end' },
      any: [
        { inside: { kind: 'call_expression', inside: { any: [{ kind: 'go_statement' }, { kind: 'defer_statement' }] } } },
        { inside: { kind: 'argument_list', inside: { kind: 'call_expression', inside: { any: [{ kind: 'go_statement' }, { kind: 'defer_statement' }] } } } },
        {
          inside: {
            kind: 'argument_list',
            inside: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^(Run|Go)$' } } },
          },
        },
      ],
    },
  },
  check(ctx) {
    for (const lit of ctx.matches('closures')) checkClosure(ctx, lit)
  },
}

type Starter = 'go' | 'defer' | 'subtest' | 'errgroup'

/** How the closure is started, when it runs after the statement that made it. */
function starterOf(ctx: RuleContext, lit: SgNode): { kind: Starter; stmt: SgNode } | null {
  let call = lit.parent()
  if (call?.kind() === 'argument_list') call = call.parent()
  if (call?.kind() !== 'call_expression') return null
  const stmt = call.parent()
  if (stmt?.kind() === 'go_statement') return { kind: 'go', stmt }
  if (stmt?.kind() === 'defer_statement') return { kind: 'defer', stmt }
  if (lit.parent()?.kind() !== 'argument_list') return null
  const fn = field(call, 'function')
  const method = fn && field(fn, 'field')?.text()
  if (method === 'Go' && isErrgroup(ctx.pkg, ctx.path, field(fn!, 'operand')!)) return { kind: 'errgroup', stmt: call }
  if (method === 'Run' && callsParallel(lit)) return { kind: 'subtest', stmt: call }
  return null
}

/** `func(t *testing.T) { …; t.Parallel(); … }`: the subtest waits and runs after its parent returns. */
function callsParallel(lit: SgNode): boolean {
  const params = namedChildren(field(lit, 'parameters')!)
  if (params.length !== 1 || field(params[0], 'type')?.text().replace(/\s/g, '') !== '*testing.T') return false
  const t = fieldChildren(params[0], 'name')[0]?.text()
  const list = namedChildren(field(lit, 'body')!).find((c) => c.kind() === 'statement_list')
  return !!t && !!list && namedChildren(list).some((s) => s.kind() === 'expression_statement' && s.text().replace(/\s/g, '') === `${t}.Parallel()`)
}

const STARTED: Record<Starter, string> = {
  go: 'a goroutine',
  defer: 'a deferred closure',
  subtest: 'a parallel subtest',
  errgroup: 'an errgroup goroutine',
}

function checkClosure(ctx: RuleContext, lit: SgNode): void {
  const starter = starterOf(ctx, lit)
  if (!starter) return
  const body = field(lit, 'body')
  if (!body) return
  const captured = new Map<number, { loop: SgNode; vars: LoopVariable[] }>()
  const names = new Set(enclosingLoopNames(lit))
  for (const name of names) {
    for (const use of usesOf(body, name)) {
      const v = loopVariableOf(use)
      if (!v) continue
      // A deferred closure inside a closure of the loop body runs when that closure returns: within the iteration.
      if (starter.kind === 'defer' && crossesFunction(starter.stmt, v.loop)) continue
      const entry = captured.get(v.loop.id()) ?? { loop: v.loop, vars: [] }
      if (!entry.vars.some((x) => x.name === v.name)) entry.vars.push(v)
      captured.set(v.loop.id(), entry)
    }
  }
  if (captured.size === 0) return
  const all = [...captured.values()].flatMap((c) => c.vars.map((v) => v.name))
  const message = `${STARTED[starter.kind]} started in this loop reads ${all.join(', ')}, shared by every iteration before Go 1.22: copy ${all.length > 1 ? 'them' : 'it'} at the top of the loop body`
  const edits: Edit[] = []
  for (const { loop, vars } of captured.values()) {
    const blocked = vars.find((v) => v.clause === 'three-clause' && bodyWrites(loop, v.name))
    if (blocked) {
      ctx.report({ node: starter.stmt, message: `${message} (not fixed: the body changes ${blocked.name}, which a copy would hide from the loop)` })
      return
    }
    const open = field(loop, 'body')!.range().start.index
    const at = lineEndOf(ctx.source, open)
    if (!/^\{[ \t]*(\/\/.*)?\n$/.test(ctx.source.slice(open, at))) {
      ctx.report({ node: starter.stmt, message: `${message} (not fixed: the loop body starts on the line of its brace)` })
      return
    }
    const indent = `${indentationAt(ctx.source, loop.range().start.index)}\t`
    const list = vars.map((v) => v.name).join(', ')
    edits.push({ start: at, end: at, text: `${indent}${list} := ${list}\n` })
  }
  ctx.report({ node: starter.stmt, message, fix: { edits } })
}

/** Names declared by the clauses of the loops around a node, up to its named function. */
function enclosingLoopNames(node: SgNode): string[] {
  const out: string[] = []
  for (const a of node.ancestors()) {
    const k = a.kind()
    if (k === 'function_declaration' || k === 'method_declaration') break
    if (k !== 'for_statement') continue
    const clause = namedChildren(a).find((c) => c.kind() === 'range_clause' || c.kind() === 'for_clause')
    if (!clause) continue
    const left = clause.kind() === 'range_clause' ? field(clause, 'left') : field(field(clause, 'initializer') ?? clause, 'left')
    for (const id of left ? namedChildren(left) : []) if (id.kind() === 'identifier' && id.text() !== '_') out.push(id.text())
  }
  return out
}

/** Whether a func literal lies between a statement and the loop around it. */
function crossesFunction(stmt: SgNode, loop: SgNode): boolean {
  for (let a = stmt.parent(); a && a.id() !== loop.id(); a = a.parent()) if (a.kind() === 'func_literal') return true
  return false
}

/** Whether anything in the loop body may change the variable (assignment, `&v`, a method call). */
function bodyWrites(loop: SgNode, name: string): boolean {
  const body = field(loop, 'body')!
  return usesOf(body, name).some((u) => contains(body, u) && writeOf(u) !== null)
}

export default codemod
