import { importPathOfName } from '../../src/engine/package-index.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { insideMethod } from '../../src/gosyntax/errors.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'

/**
 * Matches (detect only)
 *
 *	if err.Error() == "record not found" {
 *	if strings.Contains(err.Error(), "timeout") {
 *	if strings.HasPrefix(strings.ToLower(err.Error()), "dial") {
 *	switch err.Error() { case "EOF": … }
 *
 * The receiver must be proven to be an error from declarations (see
 * isProvenError): a name such as err or x.Err proves nothing, and a string
 * field compared with a string is not matching an error's text. Not reported: _test.go files (asserting an
 * error's message is what tests legitimately do), the body of `Error()` and
 * `Is()` methods, and comparisons with "" (an emptiness check, not matching).
 */
const STRING_MATCHERS = /^(Contains|ContainsAny|HasPrefix|HasSuffix|EqualFold|Index)$/
/** Text holding an Error() call, for the native matchers. */
const ERROR_CALL = 'Error[(][)]'
/** Normalising wrappers seen around err.Error() before matching. */
const NORMALISERS = /^(ToLower|ToUpper|TrimSpace)$/

const advice = (err: string) => `match what ${err} is instead: errors.Is against a sentinel error or errors.As against an error type that its producer exports (if it exports none, that is what to ask for)`

const codemod: CodemodModule = {
  meta: {
    id: 'error-string-compare',
    section: '§4',
    tier: 'detect',
    message: `matching the text of err.Error() is fragile; ${advice('err')}`,
    rationale:
      'An error message is for people: its wording changes between versions, and wrapping with fmt.Errorf("…: %w", err) adds a prefix, so a check on the text silently stops matching. A sentinel value or an error type states the identity of the error and survives wrapping through errors.Is and errors.As. _test.go files are not checked: there, asserting the exact message of an error is usually the point of the test.',
    useInstead: 'errors.Is(err, ErrNotFound) against an exported sentinel, or var e *MyError; errors.As(err, &e) for a typed error',
    examples: [
      { bad: 'func missing(err error) bool {\n\treturn err.Error() == "record not found"\n}' },
      { bad: 'func retry(err error) bool {\n\treturn strings.Contains(err.Error(), "connection refused")\n}' },
      { bad: 'func atEnd(err error) bool {\n\tswitch err.Error() {\n\tcase "EOF":\n\t\treturn true\n\t}\n\treturn false\n}' },
    ],
  },
  prefilter: ['.Error()'],
  matchers: {
    comparisons: { kind: 'binary_expression', all: [{ has: { field: 'operator', regex: '^(==|!=)$' } }, { has: { regex: ERROR_CALL } }] },
    calls: {
      kind: 'call_expression',
      all: [
        { has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: STRING_MATCHERS.source } } },
        { has: { field: 'arguments', regex: ERROR_CALL } },
      ],
    },
    switches: { kind: 'expression_switch_statement', has: { field: 'value', regex: ERROR_CALL } },
  },
  check(ctx) {
    if (ctx.isTest) return
    for (const expr of ctx.matches('comparisons')) checkComparison(ctx, expr)
    for (const call of ctx.matches('calls')) checkStringsCall(ctx, call)
    for (const sw of ctx.matches('switches')) checkSwitch(ctx, sw)
  },
}

/** Whether `name` refers to the standard strings package in this file. */
function isStringsPkg(ctx: RuleContext, at: SgNode, name: string): boolean {
  return !lookupLocal(at, name) && importPathOfName(ctx.pkg, ctx.path, name) === 'strings'
}

/**
 * The receiver of `X.Error()` when `expr` is such a call (possibly inside
 * strings.ToLower/ToUpper/TrimSpace) and X is an error; otherwise null.
 */
function errorTextReceiver(ctx: RuleContext, expr: SgNode): SgNode | null {
  let node = expr
  while (node.kind() === 'parenthesized_expression') node = namedChildren(node)[0] ?? node
  if (node.kind() !== 'call_expression') return null
  const fn = field(node, 'function')
  const args = namedChildren(field(node, 'arguments') ?? node)
  if (!fn || fn.kind() !== 'selector_expression') return null
  const operand = field(fn, 'operand')
  const name = field(fn, 'field')?.text()
  if (!operand) return null
  if (NORMALISERS.test(name ?? '') && isStringsPkg(ctx, node, operand.text()) && args.length === 1) return errorTextReceiver(ctx, args[0])
  if (name !== 'Error' || args.length !== 0) return null
  return isProvenError(operand, ctx.pkg, ctx.path) ? operand : null
}

function skipped(node: SgNode): boolean {
  // Inside Error() the text is being built; inside Is() the method defines matching itself.
  return insideMethod(node, ['Error', 'Is'])
}

function checkComparison(ctx: RuleContext, expr: SgNode): void {
  const left = field(expr, 'left')
  const right = field(expr, 'right')
  if (!left || !right) return
  const receiver = errorTextReceiver(ctx, left) ?? errorTextReceiver(ctx, right)
  if (!receiver || skipped(expr)) return
  if (left.text() === '""' || right.text() === '""') return
  ctx.report({ node: expr, message: `comparing ${receiver.text()}.Error() with a string breaks when the message changes or the error is wrapped; ${advice(receiver.text())}` })
}

function checkStringsCall(ctx: RuleContext, call: SgNode): void {
  const fn = field(call, 'function')!
  const pkgName = field(fn, 'operand')?.text() ?? ''
  const name = field(fn, 'field')?.text() ?? ''
  if (!STRING_MATCHERS.test(name) || !isStringsPkg(ctx, call, pkgName)) return
  const args = namedChildren(field(call, 'arguments') ?? call)
  if (args.length !== 2) return
  const receiver = errorTextReceiver(ctx, args[0])
  if (!receiver || skipped(call)) return
  ctx.report({ node: call, message: `${pkgName}.${name} on ${receiver.text()}.Error() matches message text, which changes and gains prefixes when wrapped; ${advice(receiver.text())}` })
}

function checkSwitch(ctx: RuleContext, sw: SgNode): void {
  const value = field(sw, 'value')
  if (!value) return
  const receiver = errorTextReceiver(ctx, value)
  if (!receiver || skipped(sw)) return
  ctx.report({ node: value, message: `a switch on ${receiver.text()}.Error() matches message text, which changes and gains prefixes when wrapped; ${advice(receiver.text())}, in a tagless switch` })
}

export default codemod
