import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { field, identifiersOf, indentationAt, lineEndOf, lineStartOf, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { jumpsOutOf, ownReturns } from '../lib/exits.js'
import { clauseOf, contains } from '../lib/loops.js'

/**
 * Matches a defer whose function is a loop body (no closure between them):
 * it runs when the function returns, not when the iteration ends.
 *
 *	for _, name := range names {          for _, name := range names {
 *		f, err := os.Open(name)               if err := func() error {
 *		if err != nil {                           f, err := os.Open(name)
 *			return err                            if err != nil {
 *		}                             →               return err
 *		defer f.Close()                           }
 *		…                                         defer f.Close()
 *	}                                             …
 *	                                              return nil
 *	                                          }(); err != nil {
 *	                                              return err
 *	                                          }
 *	                                      }
 *
 * Most defers in loops are meant to run at the end of the function, and
 * those are left alone: what is deferred was made before the loop body (so
 * it is used after the loop), the body keeps it outside itself (appended to
 * a slice, put in a map or an outer variable, sent, handed to a goroutine),
 * or the iteration that defers always leaves the loop (a retry loop that
 * returns once connected, a `for {` serving the rest of the function).
 *
 * The fix (suggest tier) needs a function whose only result is an error,
 * returns in the body that cannot return nil, no `break`/`goto`/labels
 * (`continue` becomes `return nil`) and a loop with a condition or clause;
 * otherwise the finding comes without a fix.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'defer-in-loop',
    section: '§12',
    tier: 'suggest',
    message: 'a defer in a loop body runs when the function returns, not at the end of the iteration: resources pile up until then',
    rationale:
      'Deferred calls run when the surrounding function returns. In a loop every iteration adds one more, so files, connections or locks opened per iteration stay held until the whole loop and function are done, which runs out of descriptors on large inputs.',
    useInstead: 'Move the body into a function (a named one, or a closure called in place) so that its defers run at the end of each iteration.',
    fixSafety:
      'Suggest: each deferred call now runs at the end of its iteration instead of at the end of the function, which is the point, and a reviewer should confirm nothing after the loop still needs the resource. The fix is offered only when the function returns just an error, every return in the body provably returns a non-nil error, the body has no break, goto or labels (continue becomes return nil), and what the defer releases is made in the body and neither stored outside it nor handed to a goroutine.',
    examples: [
      {
        bad: 'func load(names []string) error {\n\tfor _, name := range names {\n\t\tf, err := os.Open(name)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tdefer f.Close()\n\t\tuse(f)\n\t}\n\treturn nil\n}',
        good: 'func load(names []string) error {\n\tfor _, name := range names {\n\t\tif err := func() error {\n\t\t\tf, err := os.Open(name)\n\t\t\tif err != nil {\n\t\t\t\treturn err\n\t\t\t}\n\t\t\tdefer f.Close()\n\t\t\tuse(f)\n\t\t\treturn nil\n\t\t}(); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}',
      },
    ],
  },
  prefilter: ['defer '],
  matchers: {
    defers: { kind: 'defer_statement', inside: { kind: 'for_statement', stopBy: 'end' } },
  },
  check(ctx) {
    for (const stmt of ctx.matches('defers')) checkDefer(ctx, stmt)
  },
}

function checkDefer(ctx: RuleContext, stmt: SgNode): void {
  let loop: SgNode | null = null
  for (const a of stmt.ancestors()) {
    const k = a.kind()
    if (k === 'func_literal' || k === 'function_declaration' || k === 'method_declaration') return
    if (k === 'for_statement') {
      loop = a
      break
    }
  }
  if (!loop) return
  // Deliberate: the iteration ends the loop right after deferring, or what is deferred must outlive it.
  if (exitsAfter(stmt, loop) || resourceEscapes(stmt, field(loop, 'body')!)) return
  const message = 'this defer runs when the function returns, not at the end of the iteration: wrap the loop body in a function so it runs each time'
  const plan = planFix(ctx, loop)
  if (typeof plan === 'string') ctx.report({ node: stmt, message: `${message} (not fixed: ${plan})` })
  else ctx.report({ node: stmt, message, fix: { edits: [plan] } })
}

const FUNCTION_KINDS = new Set(['func_literal', 'function_declaration', 'method_declaration'])

/** The edit wrapping the loop body, or why it cannot be made. */
function planFix(ctx: RuleContext, loop: SgNode): { start: number; end: number; text: string } | string {
  const body = field(loop, 'body')!
  if (!clauseOf(loop) && !namedChildren(loop).some((c) => c.id() !== body.id())) return 'a bare `for {` loop may serve the whole function, with its defers meant for its end'
  const fn = loop.ancestors().find((a) => FUNCTION_KINDS.has(String(a.kind())))
  const result = fn && field(fn, 'result')
  const resultText = result?.text().replace(/\s+/g, ' ') ?? ''
  if (!/^(error|\((?:[A-Za-z_][A-Za-z0-9_]* )?error\))$/.test(resultText)) return 'the function does not return just an error'
  if (body.find({ rule: { kind: 'call_expression', has: { field: 'function', regex: '^recover$' } } })) return 'the body calls recover'
  const jumps = jumpsOutOf(loop, body)
  if (jumps.breaks.length > 0 || jumps.other.length > 0) return 'the body breaks out of the loop or uses labels'
  for (const r of ownReturns(body)) if (!returnsNonNil(ctx, r, body)) return 'a return in the body may return nil, which would no longer end the loop'
  return wrapBody(ctx, loop, body, jumps.continues)
}

/**
 * Whether the iteration that defers cannot start another one: a statement
 * at the top level of the body after the defer always leaves the loop (a
 * return, a break, a panic, or a `for {` nothing breaks out of), with no
 * continue on the way. The defer then runs once, as meant.
 */
function exitsAfter(stmt: SgNode, loop: SgNode): boolean {
  const list = stmt.parent()
  const body = field(loop, 'body')!
  if (list?.kind() !== 'statement_list' || list.parent()?.id() !== body.id()) return false
  const after = namedChildren(list).filter((s) => s.range().start.index > stmt.range().start.index)
  const exit = after.findIndex(terminates)
  if (exit === -1) return false
  const continues = jumpsOutOf(loop, body).continues
  return !continues.some((c) => c.range().start.index > stmt.range().start.index && c.range().start.index < after[exit].range().start.index)
}

function terminates(s: SgNode): boolean {
  switch (s.kind()) {
    case 'return_statement':
      return true
    case 'break_statement':
      return namedChildren(s).length === 0
    case 'expression_statement':
      return /^panic\(/.test(s.text())
    case 'for_statement': {
      const body = field(s, 'body')
      if (!body || namedChildren(s).some((c) => c.id() !== body.id())) return false
      const jumps = jumpsOutOf(s, body)
      return jumps.breaks.length === 0 && jumps.other.length === 0
    }
    default:
      return false
  }
}

/** `return err` under `if err != nil`, `return fmt.Errorf(…)`, `return errors.New(…)`, `return &T{…}`. */
function returnsNonNil(ctx: RuleContext, ret: SgNode, body: SgNode): boolean {
  const values = namedChildren(ret).flatMap((c) => (c.kind() === 'expression_list' ? namedChildren(c) : [c]))
  if (values.length !== 1) return false
  const v = values[0]
  if (v.kind() === 'unary_expression' && v.children()[0]?.text() === '&' && namedChildren(v)[0]?.kind() === 'composite_literal') return true
  if (v.kind() === 'call_expression') {
    const fnSel = field(v, 'function')
    const pkg = fnSel?.kind() === 'selector_expression' ? field(fnSel, 'operand') : null
    const name = fnSel && field(fnSel, 'field')?.text()
    if (!pkg || pkg.kind() !== 'identifier') return false
    const path = packagePathAt(ctx.pkg, ctx.path, pkg, (p) => p === 'fmt' || p === 'errors')
    return (path === 'fmt' && name === 'Errorf') || (path === 'errors' && name === 'New')
  }
  if (v.kind() !== 'identifier') return false
  // The closest if around the return, inside the body, must test exactly this name against nil.
  for (let a = ret.parent(); a && a.id() !== body.id(); a = a.parent()) {
    if (a.kind() !== 'block' || a.parent()?.kind() !== 'if_statement') continue
    const ifStmt = a.parent()!
    if (field(ifStmt, 'consequence')?.id() !== a.id()) return false
    const cond = field(ifStmt, 'condition')?.text().replace(/\s+/g, ' ') ?? ''
    if (!new RegExp(`^${v.text()} != nil( &&.*)?$`).test(cond)) return false
    // Nothing in between may assign the name again.
    const list = namedChildren(a).find((c) => c.kind() === 'statement_list')
    return !list || !namedChildren(list).some((s) => s.range().start.index < ret.range().start.index && /^(assignment_statement|short_var_declaration)$/.test(String(s.kind())) && identifiersOf(field(s, 'left')).some((i) => i.text() === v.text()))
  }
  return false
}

/**
 * Why what the defer releases must outlive the iteration, if it does: it is
 * declared outside the body, or the body stores it (or anything made from
 * it) outside itself, sends it, or hands it to a goroutine.
 */
function resourceEscapes(stmt: SgNode, body: SgNode): string | null {
  const held = new Set<string>()
  for (const id of stmt.findAll({ rule: { kind: 'identifier' } })) {
    const decl = lookupLocal(id, id.text())
    if (!decl) continue
    if (contains(stmt, decl.ident)) continue
    if (!contains(body, decl.ident)) return `the deferred call uses ${id.text()}, declared outside the loop body, so it is meant for the end of the function`
    held.add(id.text())
  }
  if (held.size === 0) return null
  // Made together with something that outlives the iteration (`ctx, cancel = context.WithTimeout(…)` into an outer ctx).
  // (`:=` only declares names of the body itself.)
  for (const s of body.findAll({ rule: { kind: 'assignment_statement' } })) {
    const targets = namedChildren(field(s, 'left')!)
    if (!targets.some((t) => t.kind() === 'identifier' && held.has(t.text()))) continue
    for (const t of targets) {
      if (t.kind() !== 'identifier') return 'the deferred value is made together with a value stored outside the loop body'
      const decl = t.text() === '_' ? null : lookupLocal(t, t.text())
      if (decl && !contains(body, decl.ident)) return `the deferred value is made together with ${t.text()}, which outlives the iteration`
    }
  }
  const mentions = (n: SgNode | null) => !!n && n.findAll({ rule: { kind: 'identifier' } }).some((i) => held.has(i.text()))
  // An expression that holds the value itself (not merely something computed from it).
  const holds = (e: SgNode): boolean => {
    switch (e.kind()) {
      case 'identifier':
        return held.has(e.text())
      case 'parenthesized_expression':
      case 'unary_expression':
        return namedChildren(e).some(holds)
      case 'composite_literal':
      case 'func_literal':
        return mentions(e)
      case 'call_expression': {
        const fn = field(e, 'function')
        const name = fn?.kind() === 'selector_expression' ? field(fn, 'field')?.text() : fn?.text()
        const args = namedChildren(field(e, 'arguments')!)
        return name === 'append' ? args.some(holds) : /^(New|new|Wrap|With)/.test(name ?? '') && args.some((a) => a.kind() === 'identifier' && held.has(a.text()))
      }
      default:
        return false
    }
  }
  const statements = body.findAll({ rule: { any: [{ kind: 'assignment_statement' }, { kind: 'short_var_declaration' }, { kind: 'send_statement' }, { kind: 'go_statement' }] } })
  for (let round = 0, grew = true; grew && round < 5; round++) {
    grew = false
    for (const s of statements) {
      const k = s.kind()
      if (k === 'send_statement' && mentions(s)) return 'the deferred value is sent on a channel'
      if (k === 'go_statement' && mentions(s)) return 'the deferred value is used by a goroutine'
      if (k !== 'assignment_statement' && k !== 'short_var_declaration') continue
      if (!namedChildren(field(s, 'right')!).some(holds)) continue
      for (const target of namedChildren(field(s, 'left')!)) {
        if (target.kind() !== 'identifier') return 'the deferred value is stored outside the loop body'
        if (target.text() === '_') continue
        const decl = k === 'short_var_declaration' ? null : lookupLocal(target, target.text())
        if (decl && !contains(body, decl.ident)) return `the deferred value is kept in ${target.text()}, which outlives the iteration`
        if (!held.has(target.text())) {
          held.add(target.text())
          grew = true
        }
      }
    }
  }
  return null
}

/** The loop body moved into `if err := func() error { …; return nil }(); err != nil { return err }`. */
function wrapBody(ctx: RuleContext, loop: SgNode, body: SgNode, continues: SgNode[]): { start: number; end: number; text: string } | string {
  const src = ctx.source
  const open = body.range().start.index
  const innerStart = lineEndOf(src, open)
  const close = body.range().end.index - 1
  const innerEnd = lineStartOf(src, close)
  if (!/^\{[ \t]*\n$/.test(src.slice(open, innerStart)) || src.slice(innerEnd, close).trim() !== '' || innerEnd <= innerStart) return 'the body does not start and end on lines of its own'
  // Continue statements become `return nil`, from the last so that offsets hold.
  let inner = src.slice(innerStart, innerEnd)
  for (const c of [...continues].sort((a, b) => b.range().start.index - a.range().start.index)) {
    const { start, end } = c.range()
    inner = `${inner.slice(0, start.index - innerStart)}return nil${inner.slice(end.index - innerStart)}`
  }
  const multiline = body.findAll({ rule: { kind: 'raw_string_literal' } }).map((r) => r.range()).filter((r) => r.start.line !== r.end.line)
  if (multiline.length > 0 && continues.length > 0) return 'the body holds both a multi-line string and continue statements'
  let offset = innerStart
  const lines = inner.split('\n')
  const shifted = lines.map((line, i) => {
    const at = offset
    offset += line.length + 1
    if (i === lines.length - 1 || line.trim() === '') return line
    // A line that starts inside a raw string is part of the string's value.
    if (multiline.some((r) => r.start.index < at && at <= r.end.index)) return line
    return `\t${line}`
  })
  const statements = namedChildren(namedChildren(body).find((c) => c.kind() === 'statement_list')!)
  const last = statements[statements.length - 1]
  const ends = last && (last.kind() === 'return_statement' || last.kind() === 'continue_statement')
  const ind1 = `${indentationAt(src, loop.range().start.index)}\t`
  const ind2 = `${ind1}\t`
  const text = `${ind1}if err := func() error {\n${shifted.join('\n')}${ends ? '' : `${ind2}return nil\n`}${ind1}}(); err != nil {\n${ind2}return err\n${ind1}}\n`
  return { start: innerStart, end: innerEnd, text }
}

export default codemod
