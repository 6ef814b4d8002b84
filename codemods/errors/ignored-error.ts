import type { Rule, SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { importPathOfName, packagePathAt } from '../../src/engine/package-index.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'
import { CONSTRUCTED, ENCODINGS, FUNCTIONS, TEMPLATE_METHODS, TEMPLATE_PACKAGES, TYPED_METHODS, type KnownCall } from '../lib/ignored-error.js'

/**
 * Matches a call from the curated list (codemods/lib/ignored-error.ts) whose
 * error result is thrown away:
 *
 *	n, _ := strconv.Atoi(s)            blank in the error position, other results used
 *	var n, _ = strconv.Atoi(s)
 *	json.Unmarshal(b, &v)              a bare call statement
 *	b64.StdEncoding.DecodeString(s)    package-level encodings
 *	template.New("t").Parse(s)         templates made by the package's New
 *	json.NewEncoder(w).Encode(v)       encoders made by the package's NewEncoder
 *	w.Write(b)                         w declared as an http.ResponseWriter
 *	db.Close()                         db declared as a *sql.DB or made by sql.Open (not deferred)
 *
 * Left alone: explicit discards of the whole result (`_ = os.Remove(tmp)`,
 * `_, _ = io.Copy(io.Discard, body)`), the documented way to say "ignored on
 * purpose"; `defer`/`go` statements (cleanup such as `defer os.Remove(tmp)`
 * has nowhere to send the error), calls whose error is kept (`_, err :=
 * io.Copy(…)`), calls passed on whole (`template.Must(template.ParseFiles(…))`),
 * names that are not bound to the expected import, crypto/rand.Read from Go
 * 1.24 on (it no longer returns errors), and _test.go files unless the
 * `includeTests` option is set (`.guidefix.yml`: `options: { ignored-error:
 * { includeTests: true } }`).
 */
/** Calls to one of the listed names: the native matcher skips all others. */
const KNOWN_NAMES = [
  ...new Set([
    ...Object.values(FUNCTIONS).flatMap((fns) => Object.keys(fns)),
    ...Object.values(ENCODINGS).flatMap((e) => Object.keys(e.methods)),
    ...Object.keys(TEMPLATE_METHODS),
    ...Object.values(CONSTRUCTED).flatMap((c) => Object.keys(c.methods)),
    ...TYPED_METHODS.flatMap((t) => Object.keys(t.methods)),
  ]),
].sort()
const CALLED = new RegExp(`[.](${KNOWN_NAMES.join('|')})\\(`, 'g')

/** Calls to the listed names this file actually contains: a short regex compiles fast, and rules compile per file. */
function candidates(source: string): Rule {
  const present = [...new Set([...source.matchAll(CALLED)].map((m) => m[1]))]
  return { kind: 'call_expression', has: { field: 'function', regex: `[.](${present.join('|')})$` } }
}
const STATEMENTS = new Set(['expression_statement', 'short_var_declaration', 'assignment_statement', 'var_spec'])


const codemod: CodemodModule = {
  meta: {
    id: 'ignored-error',
    section: '§4',
    tier: 'detect',
    message: 'the error returned by this call is discarded; handle it or return it',
    rationale:
      'The calls on this list fail for ordinary reasons: bad input, a missing file, a full disk, a broken connection. Dropping their error lets the program carry on with a zero value or a half-done write, and the failure surfaces later, far from its cause, or never. An explicit discard of the whole result (_ = os.Remove(tmp), _, _ = io.Copy(io.Discard, body)) is how Go code says that an error is ignored on purpose, so it is not reported; a blank in the error position while another result is used (n, _ := strconv.Atoi(s)) is, because that value is then used as if the call had succeeded. Test files are skipped unless the includeTests option is set.',
    useInstead: 'n, err := strconv.Atoi(s); if err != nil { return fmt.Errorf("parse count: %w", err) }',
    examples: [
      {
        bad: 'import "strconv"\n\nfunc count(s string) int {\n\tn, _ := strconv.Atoi(s)\n\treturn n\n}',
        good: 'import (\n\t"fmt"\n\t"strconv"\n)\n\nfunc count(s string) (int, error) {\n\tn, err := strconv.Atoi(s)\n\tif err != nil {\n\t\treturn 0, fmt.Errorf("parse count %q: %w", s, err)\n\t}\n\treturn n, nil\n}',
      },
      {
        bad: 'import "encoding/json"\n\nfunc load(b []byte) (cfg map[string]any) {\n\tjson.Unmarshal(b, &cfg)\n\treturn cfg\n}',
      },
    ],
  },
  prefilter: [new RegExp(`[.](${KNOWN_NAMES.join('|')})\\(`)],
  defaultOptions: { includeTests: false },
  matchers: (source) => ({ calls: candidates(source) }),
  check(ctx) {
    if (ctx.isTest && ctx.options.includeTests !== true) return
    for (const call of ctx.matches('calls')) {
      // The statement that holds the call directly: `f()`, `_ = f()`, `a, _ := f()`, `var a, _ = f()`.
      let stmt = call.parent()
      if (stmt?.kind() === 'expression_list') stmt = stmt.parent()
      if (stmt && STATEMENTS.has(String(stmt.kind()))) checkStatement(ctx, stmt)
    }
  },
}

function checkStatement(ctx: RuleContext, stmt: SgNode): void {
  let call: SgNode | undefined
  let left: SgNode[] | null = null
  switch (stmt.kind()) {
    case 'expression_statement':
      call = namedChildren(stmt)[0]
      break
    case 'assignment_statement':
      if (field(stmt, 'operator')?.text() !== '=') return
      call = single(field(stmt, 'right'))
      left = listOf(field(stmt, 'left'))
      break
    case 'short_var_declaration':
      call = single(field(stmt, 'right'))
      left = listOf(field(stmt, 'left'))
      break
    case 'var_spec':
      call = single(field(stmt, 'value'))
      left = fieldChildren(stmt, 'name')
      break
  }
  if (call?.kind() !== 'call_expression') return
  const known = knownCall(ctx, call)
  if (!known) return
  if (known.call.harmlessSince && ctx.atLeast(known.call.harmlessSince)) return
  if (left) {
    // The blank must stand exactly where the error is returned; other counts do not compile.
    if (left.length !== known.call.results || left[left.length - 1].text() !== '_') return
    // `_ = f()` and `_, _ = io.Copy(…)` say in so many words that the whole result is not wanted.
    if (left.every((l) => l.text() === '_')) return
  }
  ctx.report({ node: stmt, message: `the error returned by ${known.label} is discarded; handle it or return it to the caller` })
}

function single(list: SgNode | null): SgNode | undefined {
  const items = listOf(list)
  return items.length === 1 ? items[0] : undefined
}

function listOf(node: SgNode | null): SgNode[] {
  if (!node) return []
  return node.kind() === 'expression_list' ? namedChildren(node) : [node]
}

/** The import path `ident` names at its place when `wanted` accepts it, or null (not an import, not wanted, or shadowed). */
function importPathOf(ctx: RuleContext, ident: SgNode | null, wanted: (path: string) => boolean): string | null {
  if (ident?.kind() !== 'identifier') return null
  return packagePathAt(ctx.pkg, ctx.path, ident, wanted) ?? null
}

function knownCall(ctx: RuleContext, call: SgNode): { call: KnownCall; label: string } | null {
  const fn = field(call, 'function')
  if (fn?.kind() !== 'selector_expression') return null
  const operand = field(fn, 'operand')
  const name = field(fn, 'field')?.text() ?? ''
  if (!operand) return null
  if (operand.kind() === 'identifier') {
    const path = importPathOf(ctx, operand, (p) => Object.hasOwn(FUNCTIONS, p) && Object.hasOwn(FUNCTIONS[p], name))
    const known = path ? FUNCTIONS[path]?.[name] : undefined
    if (known) return { call: known, label: fn.text() }
    const typed = typedMethod(ctx, operand, name)
    return typed ? { call: typed, label: fn.text() } : null
  }
  if (operand.kind() === 'selector_expression') {
    // base64.StdEncoding.DecodeString
    const path = importPathOf(ctx, field(operand, 'operand'), (p) => Object.hasOwn(ENCODINGS, p))
    const enc = path ? ENCODINGS[path] : undefined
    const known = enc && enc.values.includes(field(operand, 'field')?.text() ?? '') ? enc.methods[name] : undefined
    return known ? { call: known, label: fn.text() } : null
  }
  if (operand.kind() === 'call_expression') {
    const inner = field(operand, 'function')
    if (inner?.kind() !== 'selector_expression') return null
    // json.NewEncoder(w).Encode(v)
    const made = field(inner, 'field')?.text() ?? ''
    const maker = importPathOf(ctx, field(inner, 'operand'), (p) => Object.hasOwn(CONSTRUCTED, p) && CONSTRUCTED[p].constructor === made)
    const constructed = maker ? CONSTRUCTED[maker].methods[name] : undefined
    if (constructed) return { call: constructed, label: `${inner.text()}(…).${name}` }
    // template.New("name").Parse(text)
    if (field(inner, 'field')?.text() !== 'New') return null
    const path = importPathOf(ctx, field(inner, 'operand'), (p) => TEMPLATE_PACKAGES.includes(p))
    const known = path && TEMPLATE_PACKAGES.includes(path) ? TEMPLATE_METHODS[name] : undefined
    return known ? { call: known, label: `${inner.text()}(…).${name}` } : null
  }
  return null
}

/** A method of a variable whose declaration gives its type (TYPED_METHODS), never guessed from its name. */
function typedMethod(ctx: RuleContext, operand: SgNode, method: string): KnownCall | null {
  const candidates = TYPED_METHODS.filter((t) => Object.hasOwn(t.methods, method))
  if (candidates.length === 0) return null
  const decl: Decl | undefined = lookupLocal(operand, operand.text()) ?? ctx.pkg.decls.get(operand.text())
  if (!decl) return null
  for (const t of candidates) {
    if (decl.type !== undefined) {
      const m = /^(\*?)([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(decl.type)
      if (!m || (m[1] === '*') !== t.pointer || m[3] !== t.type) continue
      if (importPathOfName(ctx.pkg, ctx.path, m[2]) === t.path) return t.methods[method]
      continue
    }
    // db, err := sql.Open(…): the first result of the package's constructor.
    const multi = decl.multiValue
    if (!t.madeBy || !multi || multi.index !== 0 || multi.expr.kind() !== 'call_expression') continue
    const callee = field(multi.expr, 'function')
    if (callee?.kind() !== 'selector_expression' || field(callee, 'field')?.text() !== t.madeBy) continue
    const pkgIdent = field(callee, 'operand')
    if (pkgIdent?.kind() === 'identifier' && importPathOfName(ctx.pkg, ctx.path, pkgIdent.text()) === t.path) return t.methods[method]
  }
  return null
}

export default codemod
