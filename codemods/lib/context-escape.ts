import type { SgNode } from '@ast-grep/napi'
import { enclosingFunction, field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Whether a derived context may still be in use after its function returns,
 * read from the syntax of that function alone. A deferred cancel is only
 * right when every use of the context (and of the values built from it) ends
 * with the function; when one may not, the answer says where it goes:
 *
 *	return ctx, nil                    returned (results other than error and built-in types)
 *	s.ctx = ctx / m[k] = ctx / *p = ctx stored in a field, a map or through a pointer
 *	outer = ctx                        assigned to a variable of an enclosing scope or the package
 *	named = ctx                        assigned to a named result
 *	go work(ctx) / go func() { … }()   handed to a goroutine
 *	f(func() { use(ctx) })             captured by a closure that is not called on the spot or deferred
 *	ch <- ctx                          sent on a channel
 *
 * Values that go on using the context (`req := r.WithContext(ctx)`,
 * `rows, err := db.QueryContext(ctx, q)`, `resp, err := client.Do(req)`:
 * KEEPS_CONTEXT) are followed the same way, as a cancelled context ends them
 * too. Passing the context to any other call is taken as a use that ends
 * with the call: that is what the context convention asks of callees.
 */
export function contextEscape(fn: SgNode, decl: SgNode, name: string, after: number): string | null {
  const body = field(fn, 'body')
  if (!body) return null
  const seen = new Set<string>()
  const queue: { name: string; ident: SgNode }[] = [{ name, ident: decl }]
  for (let i = 0; i < queue.length && i < 20; i++) {
    const { name: current, ident } = queue[i]
    const key = `${current}@${ident.range().start.index}`
    if (seen.has(key)) continue
    seen.add(key)
    for (const use of usesOf(body, current, ident, current === name ? after : 0)) {
      const why = escapeAt(use, fn, (derived) => queue.push(...derived))
      if (why) return current === name ? why : `${why} (through ${current}, built from ${name})`
    }
  }
  return null
}

/** Identifiers spelled `name` after `ident` (and `after`) that resolve to the declaration at `ident`. */
function usesOf(body: SgNode, name: string, ident: SgNode, after: number): SgNode[] {
  const from = Math.max(after, ident.range().end.index)
  const declStart = ident.range().start.index
  return body.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } }).filter((use) => {
    if (use.range().start.index < from) return false
    const found = lookupLocal(use, name)
    // A declaration that is not local (package var, parameter of another shape) is compared by position.
    return found ? found.ident.range().start.index === declStart : false
  })
}

const BASIC_RESULTS = /^(error|bool|string|byte|rune|u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128))$/

/** Whether every result type is one a context cannot hide in. */
function resultsAreBasic(results: SgNode | null): boolean {
  if (!results) return true
  if (results.kind() !== 'parameter_list') return BASIC_RESULTS.test(results.text())
  return namedChildren(results).every((p) => BASIC_RESULTS.test(field(p, 'type')?.text() ?? ''))
}

/**
 * Why the value at `use` may outlive `fn`, or null. Locals that take a value
 * built from it are handed to `follow`.
 */
function escapeAt(use: SgNode, fn: SgNode, follow: (derived: { name: string; ident: SgNode }[]) => void): string | null {
  let child = use
  // Past the arguments of a call whose result does not keep the context, what flows on is that result.
  let consumed = false
  for (let node = use.parent(); node && node.id() !== fn.id(); child = node, node = node.parent()) {
    if (consumed && node.kind() !== 'go_statement' && node.kind() !== 'func_literal') continue
    switch (node.kind()) {
      case 'call_expression':
        // f(ctx), or ctx.Err() / req.Context() with the value as the method's receiver.
        if (!keepsContext(node)) consumed = true
        break
      case 'go_statement':
        return 'it is handed to a goroutine'
      case 'send_statement':
        return 'it is sent on a channel'
      case 'func_literal':
        if (node.parent()?.parent()?.kind() === 'go_statement') return 'it is handed to a goroutine'
        if (!calledOnTheSpot(node)) return 'it is captured by a closure that may run after the function returns'
        break
      case 'return_statement': {
        // The results of the function (or closure) this return belongs to.
        const owner = enclosingFunction(node)
        if (!resultsAreBasic(owner ? field(owner, 'result') : null)) return 'it is returned to the caller'
        break
      }
      case 'assignment_statement':
      case 'short_var_declaration':
        if (field(node, 'right')?.id() === child.id()) {
          const why = assignedTo(node, fn, follow)
          if (why) return why
        }
        break
      case 'var_spec':
        if (field(node, 'value')?.id() === child.id()) follow(fieldChildren(node, 'name').map((n) => ({ name: n.text(), ident: n })))
        break
    }
  }
  return null
}

/**
 * Calls whose result goes on using the context given to them: derived
 * contexts, requests, database rows and transactions, commands, streams,
 * responses of a request. The results of other calls are taken to be done
 * with it when the call returns (`res, err := c.fetch(ctx, id)`).
 */
const KEEPS_CONTEXT = /^(With[A-Z]\w*|Clone|NewRequestWithContext|QueryContext|QueryRowContext|PrepareContext|ExecContext|BeginTx|Conn|CommandContext|DialContext|Do|NewStream|Watch|Subscribe|New[A-Z]\w*Client)$/

function keepsContext(call: SgNode): boolean {
  const fn = field(call, 'function')
  const name = fn?.kind() === 'selector_expression' ? field(fn, 'field')?.text() : fn?.text()
  return !!name && KEEPS_CONTEXT.test(name)
}

/** `func() { … }()` or `defer func() { … }()`: runs before the deferred cancel. */
function calledOnTheSpot(literal: SgNode): boolean {
  const call = literal.parent()
  return call?.kind() === 'call_expression' && field(call, 'function')?.id() === literal.id()
}

/** Where an assignment puts a value built from the context: somewhere that outlives the function, or a local to follow. */
function assignedTo(stmt: SgNode, fn: SgNode, follow: (derived: { name: string; ident: SgNode }[]) => void): string | null {
  const left = field(stmt, 'left')
  const targets = left ? (left.kind() === 'expression_list' ? namedChildren(left) : [left]) : []
  const locals: { name: string; ident: SgNode }[] = []
  for (const target of targets) {
    switch (target.kind()) {
      case 'identifier': {
        if (target.text() === '_') continue
        if (stmt.kind() === 'short_var_declaration') {
          const found = lookupLocal(target, target.text())
          // `:=` redeclaring a name of the same scope assigns to it: judge that declaration.
          if (!found || found.ident.range().start.index === target.range().start.index) {
            locals.push({ name: target.text(), ident: target })
            continue
          }
        }
        const decl = lookupLocal(target, target.text())
        // An error or a number computed with the context (err = step(ctx)) cannot carry it.
        if (decl?.type && BASIC_RESULTS.test(decl.type)) continue
        if (!decl) return `it is assigned to ${target.text()}, a variable of the package`
        if (decl.kind === 'result') return `it is assigned to the named result ${target.text()}`
        if (!within(decl.ident, fn)) return `it is assigned to ${target.text()}, a variable of an enclosing function`
        locals.push({ name: target.text(), ident: decl.ident })
        break
      }
      case 'selector_expression':
        return `it is stored in the field ${target.text()}`
      case 'index_expression':
        return `it is stored in ${target.text()}`
      default:
        return `it is stored through ${target.text()}`
    }
  }
  follow(locals)
  return null
}

function within(node: SgNode, fn: SgNode): boolean {
  const r = node.range()
  const f = fn.range()
  return r.start.index >= f.start.index && r.end.index <= f.end.index
}
