import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit } from '../../src/codemod/types.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { isErrorValue } from '../../src/gosyntax/errors.js'
import { literalFormatText, parseFormat, type Verb } from '../../src/gosyntax/printf.js'

/**
 * Matches
 *
 *	fmt.Errorf("load %s: %v", path, err)   →  fmt.Errorf("load %s: %w", path, err)
 *
 * Only a plain %v or %s whose argument is an error value changes; %s of a
 * file name, %v of err.Error(), %+v and a non-error `err` stay as they are.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'errorf-wrap',
    section: '§4',
    tier: 'safe',
    message: 'wrap the error with %w so callers can still inspect it with errors.Is and errors.As',
    rationale:
      'Formatting an error with %v or %s flattens it into text: the caller gets a new error that no longer carries the original, and errors.Is/errors.As cannot see through it. %w keeps the original in the chain while printing the same message.',
    useInstead: 'fmt.Errorf("doing x: %w", err)',
    fixSafety:
      'Safe: the message text is unchanged; the new error now unwraps to the original, which is the point. Below Go 1.20 (or with no go.mod) only one %w is allowed per call, so at most one verb is changed, and none when the call already has a %w.',
    goVersion: undefined,
    examples: [
      { bad: 'return fmt.Errorf("open config %s: %v", path, err)', good: 'return fmt.Errorf("open config %s: %w", path, err)' },
      { bad: 'return fmt.Errorf("query: %s", ctx.Err())', good: 'return fmt.Errorf("query: %w", ctx.Err())' },
    ],
  },
  // An Errorf whose format holds a %v or %s.
  prefilter: [/Errorf\(\s*("([^"\\\n]|\\.)*%[-+# 0-9.*[\]]*[vs]|`[^`]*%[-+# 0-9.*[\]]*[vs])/],
  matchers: { calls: { kind: 'call_expression', has: { field: 'function', regex: '^(fmt|xerrors)[.]Errorf$' } } },
  check(ctx) {
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
      const candidates = parsed.verbs.filter((v) => isPlainValueVerb(v) && values[v.arg] && formatsError(values[v.arg], ctx.pkg))
      if (candidates.length === 0) continue
      const existingWraps = parsed.verbs.filter((v) => v.verb === 'w').length
      const multiple = ctx.atLeast('1.20')
      let chosen: Verb[]
      if (multiple) chosen = candidates
      else if (existingWraps > 0) chosen = []
      else chosen = [candidates[candidates.length - 1]]
      // The same argument formatted twice (`%[1]v … %[1]v`) may be wrapped once only.
      const seen = new Set<number>()
      chosen = chosen.filter((v) => !seen.has(v.arg) && !!seen.add(v.arg))
      const message = `format the error with %w instead of %${candidates[0].verb} so it stays inspectable with errors.Is/As`
      if (chosen.length === 0) {
        ctx.report({ node: call, message: `${message} (not fixed: before Go 1.20 a call may wrap only one error)` })
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

function formatsError(arg: SgNode, pkg: Parameters<typeof isErrorValue>[1]): boolean {
  // err.Error() is a string: wrapping it would not compile.
  if (arg.kind() === 'call_expression' && /\.Error$/.test(field(arg, 'function')?.text() ?? '')) return false
  return isErrorValue(arg, pkg) === 'yes'
}

export default codemod
