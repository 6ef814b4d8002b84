import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit } from '../../src/codemod/types.js'
import { enclosingNamedFunction, field, isExported, namedChildren } from '../../src/gosyntax/nodes.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { formatGoVersion } from '../../src/engine/go-version.js'
import { functionLabel } from '../lib/panic-on-error.js'
import { literalFormatText, parseFormat, type Verb } from '../../src/gosyntax/printf.js'

/**
 * Matches
 *
 *	fmt.Errorf("load %s: %v", path, err)   →  fmt.Errorf("load %s: %w", path, err)
 *
 * Only a plain %v or %s whose argument is proven to be an error changes
 * (see isProvenError): %s of a file name, %v of err.Error(), %+v, a string
 * field named Err and an error known to be nil on that path stay as they are.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'errorf-wrap',
    section: '§4',
    tier: 'safe',
    message: 'wrap the error with %w so callers can still inspect it with errors.Is and errors.As',
    rationale:
      'Formatting an error with %v or %s flattens it into text: the caller gets a new error that no longer carries the original, and errors.Is/errors.As cannot see through it. %w keeps the original in the chain while printing the same message. ' +
      'For a library this is an API decision: once an exported function wraps with %w, callers may match the wrapped error with errors.Is/errors.As, and changing or dropping it later breaks them. ' +
      'Maintainers who want to keep their dependencies\' errors out of their API set the option exportedAPI to false (.guidefix.yml: options: { errorf-wrap: { exportedAPI: false } }): calls inside exported functions and methods of exported types in non-main packages are then reported without a fix, so each can be decided by hand; unexported code, main packages and tests are still fixed.',
    useInstead: 'fmt.Errorf("doing x: %w", err)',
    fixSafety:
      'Safe: the message text is unchanged; the new error now unwraps to the original, which is the point. The argument must be proven to be an error from declarations: a variable, parameter or field declared with an error type, or the result of a call whose declared result is an error (a function or method of the package, a func-typed variable, a well-known standard library function, ctx.Err() on a context.Context), a standard library sentinel, or an element of a []error. A name alone (err, e, resp.Err) proves nothing. ' +
      'Not fixed: an argument known to be nil where it is formatted (inside if err == nil), which %w would print as %!w(<nil>); any call below Go 1.13, or with no go.mod (the oldest Go is assumed), since %w needs Go 1.13. ' +
      'Below Go 1.20 only one %w is allowed per call: the primary error is wrapped (the argument named err, else the first error) and the others keep %v; a call that already has a %w is only reported.',
    goVersion: undefined,
    examples: [
      {
        bad: 'func readConfig(path string) ([]byte, error) {\n\tdata, err := os.ReadFile(path)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("open config %s: %v", path, err)\n\t}\n\treturn data, nil\n}',
        good: 'func readConfig(path string) ([]byte, error) {\n\tdata, err := os.ReadFile(path)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("open config %s: %w", path, err)\n\t}\n\treturn data, nil\n}',
      },
      {
        bad: 'func query(ctx context.Context) error {\n\treturn fmt.Errorf("query: %s", ctx.Err())\n}',
        good: 'func query(ctx context.Context) error {\n\treturn fmt.Errorf("query: %w", ctx.Err())\n}',
      },
    ],
  },
  // An Errorf whose format holds a %v or %s.
  prefilter: [/Errorf\(\s*("([^"\\\n]|\\.)*%[-+# 0-9.*[\]]*[vs]|`[^`]*%[-+# 0-9.*[\]]*[vs])/],
  matchers: { calls: { kind: 'call_expression', has: { field: 'function', regex: '^(fmt|xerrors)[.]Errorf$' } } },
  defaultOptions: { exportedAPI: true },
  check(ctx) {
    // Checked to be a boolean when the options are read.
    const exportedAPI = ctx.options.exportedAPI !== false
    for (const call of ctx.matches('calls')) {
      const fn = field(call, 'function')!
      const operand = field(fn, 'operand')
      const importPath = operand ? packagePathAt(ctx.pkg, ctx.path, operand, (p) => p === 'fmt' || p === 'golang.org/x/xerrors') : undefined
      if (importPath !== 'fmt' && importPath !== 'golang.org/x/xerrors') continue
      const args = namedChildren(field(call, 'arguments')!)
      const literal = args[0]
      if (!literal || (literal.kind() !== 'interpreted_string_literal' && literal.kind() !== 'raw_string_literal')) continue
      const text = literalFormatText(literal.text())
      if (text === null) continue
      const parsed = parseFormat(text)
      if (!parsed) continue
      const values = args.slice(1)
      // A variadic pass-through (`args...`) hides which value each verb formats.
      if (call.text().trimEnd().endsWith('...)')) continue
      const candidates = parsed.verbs.filter((v) => isPlainValueVerb(v) && values[v.arg] && isProvenError(values[v.arg], ctx.pkg, ctx.path) && !knownNil(values[v.arg]))
      if (candidates.length === 0) continue
      const message = `format the error with %w instead of %${candidates[0].verb} so it stays inspectable with errors.Is/As`
      const notFixed = (why: string) => ctx.report({ node: call, message: `${message} (not fixed: ${why})` })
      if (importPath === 'fmt' && !ctx.atLeast('1.13')) {
        notFixed(ctx.goVersion ? `%w needs Go 1.13 and go.mod says go ${formatGoVersion(ctx.goVersion)}` : '%w needs Go 1.13 and no go.mod states the Go version, so the oldest Go is assumed')
        continue
      }
      if (!exportedAPI && !ctx.isTest && ctx.pkg.name !== 'main') {
        const api = exportedFunctionName(call)
        if (api) {
          notFixed(`exportedAPI is off and ${api} is part of the package's API; %w would make the wrapped error part of it too`)
          continue
        }
      }
      const existingWraps = parsed.verbs.filter((v) => v.verb === 'w').length
      let chosen: Verb[]
      if (ctx.atLeast('1.20')) chosen = candidates
      else if (existingWraps > 0) chosen = []
      else chosen = [primaryError(candidates, values)]
      // The same argument formatted twice (`%[1]v … %[1]v`) may be wrapped once only.
      const seen = new Set<number>()
      chosen = chosen.filter((v) => !seen.has(v.arg) && !!seen.add(v.arg))
      if (chosen.length === 0) {
        notFixed('before Go 1.20 a call may wrap only one error')
        continue
      }
      const base = literal.range().start.index + 1
      const edits: Edit[] = chosen.map((v) => ({ start: base + v.end - 1, end: base + v.end, text: 'w' }))
      ctx.report({ node: call, message, fix: { edits } })
    }
  },
}

function isPlainValueVerb(v: Verb): boolean {
  return (v.verb === 'v' || v.verb === 's') && v.flags === '' && !v.sized
}

/**
 * With one %w allowed, the error the call is about: the one named err, else
 * the first. `save %s: %v (rollback: %v)` wraps the save error, not the
 * rollback's.
 */
function primaryError(candidates: Verb[], values: SgNode[]): Verb {
  return candidates.find((v) => unparen(values[v.arg]).text() === 'err') ?? candidates[0]
}

function unparen(node: SgNode): SgNode {
  let n = node
  while (n.kind() === 'parenthesized_expression') n = namedChildren(n)[0] ?? n
  return n
}

/**
 * Whether a variable is nil wherever this argument is evaluated: inside
 * `if err == nil {` (or the else of `if err != nil`) in the same function.
 * There %w would print %!w(<nil>) where %v printed <nil>.
 */
function knownNil(arg: SgNode): boolean {
  const ident = unparen(arg)
  if (ident.kind() !== 'identifier') return false
  const name = ident.text()
  const decl = lookupLocal(ident, name)
  let child = ident
  for (let parent = ident.parent(); parent; child = parent, parent = parent.parent()) {
    const k = parent.kind()
    if (k === 'func_literal' || k === 'function_declaration' || k === 'method_declaration') return false
    if (k !== 'if_statement') continue
    const cond = field(parent, 'condition')
    if (!cond) continue
    const sameVar = (n: SgNode) => n.kind() === 'identifier' && n.text() === name && lookupLocal(n, name)?.ident.id() === decl?.ident.id()
    if (field(parent, 'consequence')?.id() === child.id() && impliesNil(cond, '==', '&&', sameVar)) return true
    if (field(parent, 'alternative')?.id() === child.id() && impliesNil(cond, '!=', '||', sameVar)) return true
  }
  return false
}

/** `x == nil`, possibly one operand of a chain of `join` (with op `!=`/`||`, the negation). */
function impliesNil(cond: SgNode, op: string, join: string, sameVar: (n: SgNode) => boolean): boolean {
  const c = unparen(cond)
  if (c.kind() !== 'binary_expression') return false
  const o = field(c, 'operator')?.text()
  const left = field(c, 'left')
  const right = field(c, 'right')
  if (!left || !right) return false
  if (o === join) return impliesNil(left, op, join, sameVar) || impliesNil(right, op, join, sameVar)
  if (o !== op) return false
  const [l, r] = [unparen(left), unparen(right)]
  return (sameVar(l) && r.kind() === 'nil') || (l.kind() === 'nil' && sameVar(r))
}

/** The name of the exported function or method (of an exported type) the call is in, or null. */
function exportedFunctionName(call: SgNode): string | null {
  const fn = enclosingNamedFunction(call)
  const name = fn ? field(fn, 'name')?.text() : undefined
  if (!fn || !name || !isExported(name)) return null
  if (fn.kind() === 'function_declaration') return name
  const label = functionLabel(fn)
  const type = label?.split('.')[0] ?? ''
  return isExported(type) ? label : null
}

export default codemod
