import type { SgNode } from '@ast-grep/napi'
import { escapeRegex, type PackageIndex } from '../../src/engine/package-index.js'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { insideMethod, isSentinel } from '../../src/gosyntax/errors.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'
import { errorsFunctionAt } from '../lib/errors-package.js'

/**
 * Matches
 *
 *	if err == ErrNotFound {        →  if errors.Is(err, ErrNotFound) {
 *	if err != io.EOF {             →  if !errors.Is(err, io.EOF) {
 *	switch err { case ErrA, ErrB:  →  switch { case errors.Is(err, ErrA), errors.Is(err, ErrB):
 */
const codemod: CodemodModule = {
  meta: {
    id: 'error-is',
    section: '§4',
    tier: 'safe',
    message: 'compare errors with errors.Is, not ==, so wrapped errors still match',
    rationale:
      'Once errors are wrapped with %w, the value a caller receives is no longer the sentinel itself, so == quietly stops matching. errors.Is walks the wrap chain and keeps the check working.',
    useInstead: 'errors.Is(err, ErrX) (and !errors.Is(err, ErrX) for !=)',
    fixSafety:
      'Safe: for an unwrapped error the result is the same; for a wrapped one the comparison now matches, which is what the guide wants. A switch on an error keeps its init statement and evaluates the tag once per case, so it is only rewritten when the tag is a plain variable. ' +
      'The compared value must be proven to be an error from declarations (declared error type, the result of a call declared to return an error, a standard library sentinel, a field declared error), not guessed from a name; the other side is a sentinel: a package-level error variable, a standard library sentinel, or another package\'s exported Err… value, which the comparison only compiles with when it is an error too. ' +
      'Not fixed, only reported: below Go 1.13 or with no go.mod (the oldest Go is assumed), and when github.com/pkg/errors is imported as errors at a version before v0.9.0 or one go.mod does not state, since errors.Is does not exist there.',
    examples: [
      {
        bad: 'func find(err error) (*User, error) {\n\tif err == sql.ErrNoRows {\n\t\treturn nil, ErrNotFound\n\t}\n\treturn nil, err\n}',
        good: 'func find(err error) (*User, error) {\n\tif errors.Is(err, sql.ErrNoRows) {\n\t\treturn nil, ErrNotFound\n\t}\n\treturn nil, err\n}',
      },
      {
        bad: 'func classify(v int, err error) (int, error) {\n\tswitch err {\n\tcase nil:\n\t\treturn v, nil\n\tcase io.EOF:\n\t\treturn v, ErrShort\n\t}\n\treturn 0, err\n}',
        good: 'func classify(v int, err error) (int, error) {\n\tswitch {\n\tcase err == nil:\n\t\treturn v, nil\n\tcase errors.Is(err, io.EOF):\n\t\treturn v, ErrShort\n\t}\n\treturn 0, err\n}',
      },
    ],
  },
  prefilter: [
    /(==|!=)\s*\(?[\w.]*\b(Err[A-Z0-9_]|err[A-Z0-9_]|\w*Error|EOF\b|Canceled\b|DeadlineExceeded\b)/,
    /\b(err[A-Z0-9_]\w*|[\w.]*(Err|EOF|Canceled|DeadlineExceeded|Error)\w*)\)?\s*(==|!=)/,
    /\bcase\b[^:\n]*(Err|EOF|Canceled|DeadlineExceeded|Error)/,
    (source, pkg) => declaredErrorNames(pkg).some((name) => source.includes(name)),
  ],
  // Only comparisons and switches where something looks like a sentinel reach check().
  matchers(_source, pkg) {
    const sentinel = sentinelRegex(pkg)
    return {
      comparisons: {
        kind: 'binary_expression',
        // Either operand: the operator itself never looks like a sentinel.
        // `(err) == (io.EOF)`: the sentinel may sit in parentheses.
        all: [{ has: { field: 'operator', regex: '^(==|!=)$' } }, { any: [{ has: { regex: sentinel } }, { has: { kind: 'parenthesized_expression', has: { regex: sentinel, stopBy: 'end' } } }] }],
      },
      switches: { kind: 'expression_switch_statement', has: { kind: 'expression_case', has: { field: 'value', has: { regex: sentinel } } } },
    }
  },
  check(ctx) {
    for (const expr of ctx.matches('comparisons')) checkComparison(ctx, expr)
    for (const sw of ctx.matches('switches')) checkSwitch(ctx, sw)
  },
}

/** Names assigned errors.New/fmt.Errorf anywhere in the package's texts. */
const DECLARED_ERROR = /^\s*(?:var\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:error\s*)?=\s*(?:errors|fmt|xerrors)\.(?:New|Errorf)\(/gm
const declaredErrorNames = (pkg: PackageIndex) => pkg.namesInTexts(DECLARED_ERROR)

// Package-level `var x error`, alone or in a `var ( … )` block.
const ERROR_VAR = /^var\s+[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s+error\b/m
const VAR_BLOCK = /^var\s*\(([\s\S]*?)^\)/gm
const ERROR_SPEC = /^\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s+error\b/m

/** This package's error variables whose names do not look like sentinels (invalidAmountError, notFound). */
const ownCache = new WeakMap<PackageIndex, string[]>()
function ownSentinels(pkg: PackageIndex): string[] {
  let own = ownCache.get(pkg)
  if (!own) {
    // Reading the declarations parses the whole package: only when the texts hint at such a variable.
    const hinted =
      declaredErrorNames(pkg).some((n) => !/^(Err|err)[A-Z0-9]/.test(n)) ||
      pkg.texts.some((t) => ERROR_VAR.test(t) || [...t.matchAll(VAR_BLOCK)].some((b) => ERROR_SPEC.test(b[1])))
    own = !hinted ? [] : [...pkg.decls.values()]
      .filter((d) => d.kind === 'var' && !/^(Err|err)[A-Z0-9]/.test(d.name) && (d.type === 'error' || /^(errors|fmt|xerrors)\.(New|Errorf)\b/.test(d.value?.text() ?? '')))
      .map((d) => d.name)
    ownCache.set(pkg, own)
  }
  return own
}

/** Sentinel-looking text: ErrX, errX, pkg.ErrX, …Error, io.EOF, context.Canceled, and this package's error variables. */
const sentinelCache = new WeakMap<PackageIndex, string>()
function sentinelRegex(pkg: PackageIndex): string {
  let re = sentinelCache.get(pkg)
  if (re === undefined) {
    const own = ownSentinels(pkg)
    // ASCII classes: a Unicode \\w makes the regex far slower to compile, and rules are compiled per file.
    const word = '[A-Za-z0-9_]'
    const names = [`(Err|err)[A-Z0-9_]${word}*`, `${word}*Error${word}*`, 'EOF', 'Canceled', 'DeadlineExceeded', ...own.map(escapeRegex)]
    re = `^(${word}+[.])?(${names.join('|')})$`
    sentinelCache.set(pkg, re)
  }
  return re
}

function unparen(node: SgNode): SgNode {
  let n = node
  while (n.kind() === 'parenthesized_expression') n = namedChildren(n)[0] ?? n
  return n
}

function checkComparison(ctx: RuleContext, expr: SgNode): void {
  const leftNode = field(expr, 'left')
  const rightNode = field(expr, 'right')
  const op = field(expr, 'operator')?.text()
  if (!leftNode || !rightNode || !op) return
  const [left, right] = [unparen(leftNode), unparen(rightNode)]
  if (insideMethod(expr, ['Is'])) return
  let value: SgNode
  let sentinel: SgNode
  if (isSentinel(right, ctx.pkg) && !isSentinel(left, ctx.pkg)) [value, sentinel] = [left, right]
  else if (isSentinel(left, ctx.pkg) && !isSentinel(right, ctx.pkg)) [value, sentinel] = [right, left]
  else return
  if (!isProvenError(value, ctx.pkg, ctx.path)) return
  const message = `compare with errors.Is(${value.text()}, ${sentinel.text()}) so that wrapped errors match`
  const usable = errorsFunctionAt(ctx, expr, 'Is')
  if ('reason' in usable) {
    ctx.report({ node: expr, message: `${message} (not fixed: ${usable.reason})` })
    return
  }
  // A call (or its negation) binds tighter than any binary operator: no parentheses are needed.
  const text = `${op === '!=' ? '!' : ''}${usable.name}.Is(${value.text()}, ${sentinel.text()})`
  const r = expr.range()
  ctx.report({ node: expr, message, fix: { edits: [{ start: r.start.index, end: r.end.index, text }], imports: ['errors'] } })
}

function checkSwitch(ctx: RuleContext, sw: SgNode): void {
  const tag = field(sw, 'value')
  if (!tag || insideMethod(sw, ['Is'])) return
  if (!isProvenError(tag, ctx.pkg, ctx.path)) return
  const cases = namedChildren(sw).filter((c) => c.kind() === 'expression_case')
  const values = cases.flatMap((c) => {
    const list = field(c, 'value')
    return list ? namedChildren(list) : []
  })
  if (!values.some((v) => isSentinel(v, ctx.pkg))) return
  const message = `switch on an error compares with ==; use a tagless switch with errors.Is(${tag.text()}, …) cases`
  // Only a variable may be repeated in every case: a call would run once per case.
  if (tag.kind() !== 'identifier' && tag.kind() !== 'selector_expression') {
    ctx.report({ node: tag, message: `${message} (not fixed: evaluate ${tag.text()} into a variable first)` })
    return
  }
  const usable = errorsFunctionAt(ctx, sw, 'Is')
  if ('reason' in usable) {
    ctx.report({ node: tag, message: `${message} (not fixed: ${usable.reason})` })
    return
  }
  const errorsName = usable.name
  // `switch err {` → `switch {`; `switch x := f(); x {` → `switch x := f(); {`.
  const tagRange = tag.range()
  const start = ctx.source[tagRange.start.index - 1] === ' ' ? tagRange.start.index - 1 : tagRange.start.index
  const edits: Edit[] = [{ start, end: tagRange.end.index, text: '' }]
  for (const v of values) {
    const vr = v.range()
    const text = v.text() === 'nil' ? `${tag.text()} == nil` : `${errorsName}.Is(${tag.text()}, ${v.text()})`
    edits.push({ start: vr.start.index, end: vr.end.index, text })
  }
  ctx.report({ node: tag, message, fix: { edits, imports: ['errors'] } })
}

export default codemod
