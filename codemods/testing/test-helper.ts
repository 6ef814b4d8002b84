import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, fieldChildren, indentationAt, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Matches a test helper, a function that takes the test's handle and fails
 * the test through it, without a call to Helper():
 *
 *	func mustOpen(t *testing.T, name string) *os.File {     func mustOpen(t *testing.T, name string) *os.File {
 *		f, err := os.Open(name)                          →      t.Helper()
 *		if err != nil {                                         f, err := os.Open(name)
 *			t.Fatalf("open %s: %v", name, err)                  …
 *
 * The handle is a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`
 * parameter, under whatever name it has. Left alone: Test*, Benchmark*,
 * Fuzz* and Example* functions (the test itself, not a helper), function
 * literals (t.Run closures are subtests), functions that call Helper()
 * anywhere already, and calls on a handle that a closure inside the
 * function declares for itself.
 */

/** Functions the testing package runs itself: failures there belong to them. */
const ENTRY_POINT = /^(Test|Benchmark|Fuzz|Example)([^a-z]|$)/
/** The methods that mark a test failed. */
const FAILING = new Set(['Error', 'Errorf', 'Fatal', 'Fatalf'])
const HANDLE_TYPE = /^(\*testing\.(T|B|F)|testing\.TB)$/

const codemod: CodemodModule = {
  meta: {
    id: 'test-helper',
    section: '§13',
    tier: 'safe',
    message: 'test helper fails the test without calling Helper() first; failures are reported at this line instead of the caller',
    rationale:
      'When a helper calls t.Fatal or t.Error, the testing package reports the file and line of that call. Without t.Helper() every failure points into the helper, and the reader has to find out which of its many callers failed; with it, the report names the line in the test that called the helper.',
    useInstead: 'func mustParse(t *testing.T, s string) int { t.Helper(); … }',
    fixSafety:
      'Safe: Helper() only changes which line a failure report names. It is inserted as the first statement, calling the handle parameter by its own name. Functions named Test*, Benchmark*, Fuzz* or Example* and function literals (t.Run closures) are never changed.',
    examples: [
      {
        bad: 'import "testing"\n\nfunc mustEqual(t *testing.T, got, want int) {\n\tif got != want {\n\t\tt.Fatalf("got %d, want %d", got, want)\n\t}\n}',
        good: 'import "testing"\n\nfunc mustEqual(t *testing.T, got, want int) {\n\tt.Helper()\n\tif got != want {\n\t\tt.Fatalf("got %d, want %d", got, want)\n\t}\n}',
      },
    ],
  },
  // A handle parameter of the testing package and a failing call; most non-test files have neither.
  prefilter: [(source) => /\btesting\.(T|B|F|TB)\b/.test(source) && /\.(Error|Fatal)f?\(/.test(source)],
  matchers: {
    functions: {
      any: [{ kind: 'function_declaration' }, { kind: 'method_declaration' }],
      has: { field: 'parameters', has: { kind: 'parameter_declaration', has: { field: 'type', regex: '^(\\*testing\\.[TBF]|testing\\.TB)$' } } },
    },
  },
  check(ctx) {
    // Only the standard testing package, imported under its own name.
    if (!ctx.pkg.file(ctx.path)?.imports.some((i) => i.path === 'testing' && i.localName === 'testing')) return
    for (const fn of ctx.matches('functions')) checkFunction(ctx, fn)
  },
}

function checkFunction(ctx: RuleContext, fn: SgNode): void {
  const name = field(fn, 'name')?.text() ?? ''
  const body = field(fn, 'body')
  if (ENTRY_POINT.test(name) || !body) return
  for (const handle of handlesOf(fn)) {
    const calls = callsOn(body, handle)
    if (calls.some((c) => c.method === 'Helper')) continue
    const failing = calls.find((c) => FAILING.has(c.method))
    if (!failing) continue
    ctx.report({
      node: field(fn, 'name') ?? fn,
      message: `${name} fails the test through ${handle.text()}.${failing.method} but does not call ${handle.text()}.Helper(); failures will point into ${name} instead of its caller`,
      fix: { edits: [insertHelper(ctx.source, body, handle.text())] },
    })
    return
  }
}

/** The parameter names of testing-handle type (`t` of `t *testing.T`), skipping `_`. */
function handlesOf(fn: SgNode): SgNode[] {
  const params = field(fn, 'parameters')
  if (!params) return []
  return namedChildren(params)
    .filter((p) => p.kind() === 'parameter_declaration' && HANDLE_TYPE.test(field(p, 'type')?.text() ?? ''))
    .flatMap((p) => fieldChildren(p, 'name'))
    .filter((n) => n.text() !== '_')
}

/** Calls `h.M(…)` in the body whose `h` is this very parameter (not a closure's own `t`). */
function callsOn(body: SgNode, handle: SgNode): { method: string; call: SgNode }[] {
  const name = handle.text()
  if (!body.text().includes(`${name}.`)) return []
  const out: { method: string; call: SgNode }[] = []
  const rule = {
    rule: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'selector_expression', has: { field: 'operand', kind: 'identifier', regex: `^${name}$` } },
    },
  }
  for (const call of body.findAll(rule as never)) {
    const selector = field(call, 'function')!
    const operand = field(selector, 'operand')!
    const decl = lookupLocal(operand, name)
    if (!decl || decl.ident.id() !== handle.id()) continue
    out.push({ method: field(selector, 'field')?.text() ?? '', call })
  }
  return out
}

/** `h.Helper()` as the body's first statement, on its own line at the body's indentation. */
function insertHelper(source: string, body: SgNode, handle: string): { start: number; end: number; text: string } {
  const open = body.range().start.index
  const indent = indentationAt(source, open)
  const first = namedChildren(body)[0]
  const onOneLine = body.range().start.line === body.range().end.line
  // After the line of the brace, so that a comment on that line stays with it.
  const lineEnd = source.indexOf('\n', open)
  if (!onOneLine) return { start: lineEnd, end: lineEnd, text: `\n${indent}\t${handle}.Helper()` }
  // `{ t.Fatal(x) }` on one line: lay the body out over several, as gofmt would.
  const inner = first ? source.slice(first.range().start.index, body.range().end.index - 1).trim() : ''
  return { start: open, end: body.range().end.index, text: `{\n${indent}\t${handle}.Helper()\n${indent}\t${inner}\n${indent}}` }
}

export default codemod
