import type { SgNode } from '@ast-grep/napi'
import type { Matchers, RuleContext } from '../../src/codemod/types.js'
import { escapeRegex, packagePathAt } from '../../src/engine/package-index.js'
import { enclosingFunction, field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { goDuration, parseDuration } from './go-duration.js'
import { appendKeyedElement, literalKeys } from './keyed-literal.js'

/**
 * The shared part of the rules that add a missing timeout field to a
 * net/http composite literal (`http.Client{…}`, `http.Server{…}`).
 */

/** Composite literals of `<pkg>.<typeName>`; which package `<pkg>` is, check() decides. */
export function literalMatcher(typeName: string): Matchers {
  return { literals: { kind: 'composite_literal', has: { field: 'type', kind: 'qualified_type', has: { field: 'name', regex: `^${typeName}$` } } } }
}

export interface TimeoutSpec {
  /** Any of these keys makes the literal fine. */
  anyOf: readonly string[]
  /** The key the fix adds, and the option holding its duration. */
  add: string
  option: string
  message: string
}

/** Reports a net/http literal that sets none of `spec.anyOf`, with a fix adding `spec.add`. */
export function checkTimeoutLiteral(ctx: RuleContext, literal: SgNode, spec: TimeoutSpec): void {
  // Tests talk to local httptest servers, and `go test -timeout` bounds them already.
  if (ctx.isTest) return
  const type = field(literal, 'type')
  const pkgIdent = type ? namedChildren(type)[0] : null
  if (!pkgIdent || packagePathAt(ctx.pkg, ctx.path, pkgIdent, (p) => p === 'net/http') !== 'net/http') return
  const keys = literalKeys(literal)
  if (keys?.some((k) => spec.anyOf.includes(k))) return
  if (setLater(ctx, literal, spec.anyOf)) return
  const ms = parseDuration(ctx.options[spec.option])
  const timePkg = ctx.importName('time', literal)
  if (keys === null || ms === null || timePkg === null) {
    const why = keys === null ? 'the literal lists its fields by position' : ms === null ? `the ${spec.option} option is not a duration` : 'the name time is taken here'
    ctx.report({ node: literal, message: `${spec.message} (not fixed: ${why})` })
    return
  }
  const edits = appendKeyedElement(ctx.source, literal, spec.add, goDuration(ms, timePkg))
  ctx.report({ node: literal, message: spec.message, fix: edits ? { edits, imports: ['time'] } : undefined })
}

/**
 * Whether the value built by the literal gets one of the fields assigned
 * afterwards, where it can be seen: `c := &http.Client{}` then
 * `c.Timeout = d` in the same function (the package's files for a
 * package-level variable), or a literal under a field `client:` whose
 * `….client.Timeout` is assigned there.
 */
function setLater(ctx: RuleContext, literal: SgNode, fields: readonly string[]): boolean {
  const holder = holderOf(literal)
  if (!holder) return false
  const fn = enclosingFunction(literal)
  const where = fn ? [fn.text()] : ctx.pkg.texts
  const lhs = holder.keyed ? `[.]${escapeRegex(holder.text)}` : `(?:^|[^A-Za-z0-9_.])${escapeRegex(holder.text)}`
  const re = new RegExp(`${lhs}[.](?:${fields.join('|')})\\s*=[^=]`, 'm')
  return where.some((t) => re.test(t))
}

/** The variable, field or struct key the literal (or its address) is stored in. */
function holderOf(literal: SgNode): { text: string; keyed: boolean } | null {
  let node = literal
  let parent = node.parent()
  if (parent?.kind() === 'unary_expression') {
    node = parent
    parent = node.parent()
  }
  if (parent?.kind() === 'literal_element') {
    const keyed = parent.parent()
    const key = keyed?.kind() === 'keyed_element' ? namedChildren(keyed)[0] : null
    return key && key.id() !== parent.id() ? { text: key.text(), keyed: true } : null
  }
  if (parent?.kind() !== 'expression_list') return null
  const owner = parent.parent()
  if (!owner) return null
  const index = namedChildren(parent).findIndex((c) => c.id() === node.id())
  const kind = owner.kind()
  if (kind === 'var_spec') {
    const names = fieldChildren(owner, 'name')
    return names[index] ? { text: names[index].text(), keyed: false } : null
  }
  if (kind !== 'short_var_declaration' && kind !== 'assignment_statement') return null
  const left = field(owner, 'left')
  const target = left ? namedChildren(left)[index] : null
  return target ? { text: target.text(), keyed: false } : null
}

/** validateOptions for a rule whose only option is a duration. */
export function durationOption(name: string): (options: Readonly<Record<string, unknown>>) => string[] {
  return (options) => (parseDuration(options[name]) === null ? [`${name} must be a positive duration such as "30s", "1m30s" or "500ms" (got ${JSON.stringify(options[name])})`] : [])
}
