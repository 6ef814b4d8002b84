import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { enclosingFunction, enclosingNamedFunction, field, fieldChildren, indentationAt, namedChildren } from '../../src/gosyntax/nodes.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { discardingCall, functionLabel, typeParamsOf, zeroValue } from '../lib/panic-on-error.js'

/**
 * Matches, in a function whose last result is `error`,
 *
 *	if err != nil {            →  if err != nil {
 *		panic(err)                   return nil, 0, fmt.Errorf("load: %w", err)
 *	}                            }
 *
 * and with named results whose zero values the source does not show
 * (`(cfg other.Config, err error)`):
 *
 *	if err != nil {            →  if err != nil {
 *		panic(err)                   err = fmt.Errorf("load: %w", err)
 *	}                                return
 *	                             }
 *
 * `main`, `init`, `Must…`/`must…` functions and test files are left alone:
 * there a panic on failure is the intent. A function without an error result
 * gets a finding only.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'panic-on-error',
    section: '§4',
    tier: 'suggest',
    message: 'a function that can return an error panics on one instead of returning it',
    rationale:
      'A panic on an ordinary failure (a missing file, a lost connection) stops the whole process, including every other request it was serving, and leaves the caller no say. A function that already returns an error should hand the failure back, with context, and let the caller retry, degrade or report it.',
    useInstead: 'return nil, fmt.Errorf("loadConfig: %w", err)',
    fixSafety:
      'Suggest: callers that relied on the panic (a recover somewhere up the stack) now get an error value instead, and the other results are zero values. Zeros are written only when the signature shows them: pointers, slices, maps, channels, functions and interfaces are nil, basic types 0, "" or false, a struct or array type declared in the package T{}. With named results whose zero is not visible (a type from another package, a type parameter) the fix assigns the error result and uses a bare return, so the other named results keep what they hold; when a named result is shadowed at that point, or the results are unnamed, the rule only reports. ' +
      'The checked value must be proven to be an error from declarations, not from its name. No fix either when a call in the package throws the function\'s error away (_ = f(), v, _ := f(), or f() as a statement): there the panic is what stops a failure from passing unnoticed, so that call must handle the error first; the message names it.',
    examples: [
      {
        bad: 'func loadConfig(path string) (*Config, error) {\n\tdata, err := os.ReadFile(path)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn parseConfig(data)\n}',
        good: 'func loadConfig(path string) (*Config, error) {\n\tdata, err := os.ReadFile(path)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("loadConfig: %w", err)\n\t}\n\treturn parseConfig(data)\n}',
      },
    ],
  },
  prefilter: ['panic('],
  matchers: { checks: { kind: 'if_statement', has: { field: 'condition', kind: 'binary_expression' } } },
  check(ctx) {
    if (ctx.isTest) return
    for (const stmt of ctx.matches('checks')) {
      const shape = panicOnCheckedError(ctx, stmt)
      // Asked only once a candidate is found: it loads the whole package.
      if (shape && !ctx.pkg.decls.has('panic')) checkPanic(ctx, shape)
    }
  },
}

interface PanicShape {
  /** The `panic(…)` expression statement. */
  stmt: SgNode
  call: SgNode
  /** The checked error variable. */
  checked: string
  /** Whether the panic value is exactly the checked variable. */
  exact: boolean
}

/** `if X != nil { panic(…X…) }` with no else and nothing else in the block. */
function panicOnCheckedError(ctx: RuleContext, ifStmt: SgNode): PanicShape | null {
  if (field(ifStmt, 'alternative')) return null
  const cond = field(ifStmt, 'condition')!
  const left = field(cond, 'left')
  const right = field(cond, 'right')
  if (!left || left.kind() !== 'identifier' || right?.kind() !== 'nil' || field(cond, 'operator')?.text() !== '!=') return null
  const list = namedChildren(field(ifStmt, 'consequence')!)[0]
  const body = list ? namedChildren(list) : []
  if (body.length !== 1 || body[0].kind() !== 'expression_statement') return null
  const call = namedChildren(body[0])[0]
  if (call?.kind() !== 'call_expression' || field(call, 'function')?.text() !== 'panic') return null
  if (lookupLocal(call, 'panic')) return null
  const args = namedChildren(field(call, 'arguments')!)
  if (args.length !== 1) return null
  const checked = left.text()
  if (!isProvenError(left, ctx.pkg, ctx.path)) return null
  const arg = args[0]
  const exact = arg.kind() === 'identifier' && arg.text() === checked
  const mentions = exact || arg.findAll({ rule: { kind: 'identifier', regex: `^${checked}$` } }).length > 0
  return mentions ? { stmt: body[0], call, checked, exact } : null
}

function checkPanic(ctx: RuleContext, shape: PanicShape): void {
  const fn = enclosingFunction(shape.stmt)
  if (!fn) return
  const named = enclosingNamedFunction(shape.stmt)
  const name = named ? field(named, 'name')?.text() ?? '' : packageVarName(fn) ?? ''
  if (named?.kind() === 'function_declaration' && (name === 'main' || name === 'init')) return
  if (/^[Mm]ust([A-Z0-9_]|$)/.test(name)) return
  const label = named ? functionLabel(named) : name || null

  const report = (why: string) => ctx.report({ node: shape.call, message: `return the error instead of panicking (not fixed: ${why})` })
  const results = resultsOf(fn)
  if (!results || results.length === 0 || !isErrorType(ctx, fn, results[results.length - 1].type)) {
    ctx.report({ node: shape.call, message: 'panic on an error in a function without an error result; add an error result and return the error to the caller instead' })
    return
  }
  if (!shape.exact) return report('the panic value is not the error itself; return that error, wrapped with context')
  if (!label) return report('the function has no name to put in the error message')
  const discard = discardingCall(ctx.pkg, name)
  if (discard) {
    return report(`${discard.path}:${discard.line} calls ${name} and discards its error (${discard.text}); there the error would be dropped silently where the panic stopped the program, so handle it at that call first`)
  }
  const fmtName = ctx.importName('fmt', shape.call)
  if (!fmtName) return report('the name fmt means something else here')

  const wrapped = `${fmtName}.Errorf("${label}: %w", ${shape.checked})`
  const scope = { pkg: ctx.pkg, fn, site: shape.call, typeParams: typeParamsOf(named) }
  const zeros = results.slice(0, -1).map((r) => zeroValue(r.type, scope))
  let text: string
  if (zeros.every((z) => z !== null)) {
    text = `return ${[...zeros, wrapped].join(', ')}`
  } else {
    const unknown = results[zeros.findIndex((z) => z === null)].type.text()
    const errName = results[results.length - 1].name
    if (!errName || errName === '_') return report(`no zero value is derived for result type ${unknown}; write the return by hand`)
    if (!namedResultsVisible(fn, shape.call, results)) {
      return report(`no zero value is derived for result type ${unknown}, and a bare return would not compile where a named result is shadowed`)
    }
    const indent = indentationAt(ctx.source, shape.stmt.range().start.index)
    text = `${errName} = ${wrapped}\n${indent}return`
  }
  const range = shape.stmt.range()
  ctx.report({
    node: shape.call,
    message: `return the error from ${label} instead of panicking`,
    fix: { edits: [{ start: range.start.index, end: range.end.index, text }], imports: ['fmt'] },
  })
}

interface Result {
  /** The result's name, when results are named. */
  name?: string
  ident?: SgNode
  type: SgNode
}

/** One entry per result value, in order. */
function resultsOf(fn: SgNode): Result[] | null {
  const result = field(fn, 'result')
  if (!result) return null
  if (result.kind() !== 'parameter_list') return [{ type: result }]
  const out: Result[] = []
  for (const p of namedChildren(result)) {
    const type = field(p, 'type')
    if (!type) return null
    const names = fieldChildren(p, 'name')
    if (names.length === 0) out.push({ type })
    for (const ident of names) out.push({ name: ident.text(), ident, type })
  }
  return out
}

function isErrorType(ctx: RuleContext, fn: SgNode, type: SgNode): boolean {
  return type.text() === 'error' && !lookupLocal(fn, 'error') && !ctx.pkg.decls.has('error')
}

/** A bare return needs every named result to be the result itself where it is written. */
function namedResultsVisible(fn: SgNode, site: SgNode, results: Result[]): boolean {
  return results.every((r) => {
    if (!r.name || !r.ident) return false
    if (r.name === '_') return true
    const decl = lookupLocal(site, r.name)
    if (decl?.kind === 'result') return decl.ident.id() === r.ident.id()
    // `v, err := f()` at the top of the body redeclares nothing: results live in that same scope.
    return decl?.kind === 'short' && decl.decl.parent()?.parent()?.id() === field(fn, 'body')?.id()
  })
}

/** `var load = func() error { … }` at package level: the variable's name. */
function packageVarName(fn: SgNode): string | null {
  const spec = fn.ancestors().find((a) => a.kind() === 'var_spec')
  const names = spec ? fieldChildren(spec, 'name') : []
  return names.length === 1 ? names[0].text() : null
}

export default codemod
