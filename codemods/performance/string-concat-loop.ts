import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import { enclosingFunction, field, fieldChildren, indentationAt, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * Matches a local string grown with += inside a loop:
 *
 *	var q string                             var sb strings.Builder
 *	for _, f := range fields {          →    for _, f := range fields {
 *		q += f + ", "                            sb.WriteString(f + ", ")
 *	}                                        }
 *	return q                                 return sb.String()
 *
 * The fix needs every other use of the string to be a read outside the
 * loops that grow it; those reads become `sb.String()` (`qBuilder` when
 * sb is taken). A string read
 * inside such a loop (its length, a comparison), assigned other than with
 * +=, declared with other names at once, or grown inside a closure keeps a
 * finding without a fix.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'string-concat-loop',
    section: '§9',
    tier: 'suggest',
    message: 'string built with += in a loop copies everything built so far on each iteration; use a strings.Builder',
    rationale:
      'Go strings are immutable: s += t allocates a new string and copies all of s into it. Done once per iteration, building a string of n pieces costs time and garbage proportional to n², which shows up as soon as the loop runs over more than a handful of items. A strings.Builder appends into a growing buffer instead.',
    useInstead: 'var b strings.Builder; for … { b.WriteString(piece) }; s := b.String()',
    fixSafety:
      'Suggest: the string built is the same; the fix replaces the variable with a strings.Builder named after it and every read with its String() method, and only when the string is not read inside the loops that grow it and is written only with +=.',
    examples: [
      {
        bad: 'func join(parts []string) string {\n\tvar s string\n\tfor _, p := range parts {\n\t\ts += p + ","\n\t}\n\treturn s\n}',
        good: 'import "strings"\n\nfunc join(parts []string) string {\n\tvar sb strings.Builder\n\tfor _, p := range parts {\n\t\tsb.WriteString(p + ",")\n\t}\n\treturn sb.String()\n}',
      },
    ],
  },
  prefilter: [/\+=\s*/],
  matchers: { appends: { kind: 'assignment_statement', regex: '^[A-Za-z_][A-Za-z0-9_]*[ \t]*[+]=' } },
  check(ctx) {
    const seen = new Set<number>()
    for (const stmt of ctx.matches('appends')) {
      const target = namedChildren(field(stmt, 'left')!)[0]
      if (!target || target.kind() !== 'identifier' || !insideLoop(stmt)) continue
      const decl = lookupLocal(target, target.text())
      if (!decl || !isString(decl) || seen.has(decl.ident.id())) continue
      seen.add(decl.ident.id())
      checkVariable(ctx, decl, stmt)
    }
  },
}

function checkVariable(ctx: RuleContext, decl: Decl, first: SgNode): void {
  const name = decl.name
  const message = `${name} is built with += inside a loop, copying the whole string each time; build it with a strings.Builder`
  const notFixed = (why: string) => ctx.report({ node: first, message: `${message} (not fixed: ${why})` })
  const fn = enclosingFunction(decl.ident)
  const body = fn ? field(fn, 'body') : null
  if (!fn || !body) return notFixed('it is not a local variable')
  const stmtOfDecl = decl.decl.kind() === 'var_spec' ? decl.decl.parent() : decl.decl
  if (!stmtOfDecl || !['var_declaration', 'short_var_declaration'].includes(String(stmtOfDecl.kind()))) return notFixed('its declaration is not a statement of its own')
  if (declaredNames(stmtOfDecl) !== 1) return notFixed('its declaration declares other names too')
  const edits: Edit[] = []
  const loopsGrowing: SgNode[] = []
  const reads: SgNode[] = []
  const builder = builderName(body, name)
  if (!builder) return notFixed(`no free name for the builder`)
  const strings = ctx.importName('strings', first)
  if (!strings) return notFixed('the name strings is taken here')
  for (const ident of body.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } })) {
    if (ident.id() === decl.ident.id()) continue
    const own = lookupLocal(ident, name)
    if (!own || own.ident.id() !== decl.ident.id()) continue
    const stmt = ident.parent()?.parent()
    const isGrowth = stmt?.kind() === 'assignment_statement' && /^[A-Za-z_][A-Za-z0-9_]*[ \t]*[+]=/.test(stmt.text()) && namedChildren(field(stmt, 'left')!)[0]?.id() === ident.id()
    if (isGrowth) {
      if (enclosingFunction(stmt!)?.id() !== fn.id()) return notFixed(`${name} is grown inside a closure`)
      const right = field(stmt!, 'right')!
      if (new RegExp(`\\b${name}\\b`).test(right.text())) return notFixed(`${name} is read on the right of +=`)
      const loop = innermostLoop(stmt!)
      if (loop) loopsGrowing.push(loop)
      const r = stmt!.range()
      edits.push({ start: r.start.index, end: r.end.index, text: `${builder}.WriteString(${right.text()})` })
      continue
    }
    if (isWritten(ident)) return notFixed(`${name} is assigned other than with +=`)
    reads.push(ident)
  }
  for (const read of reads) {
    const r = read.range()
    if (loopsGrowing.some((loop) => within(read, loop))) return notFixed(`${name} is read inside the loop that builds it`)
    edits.push({ start: r.start.index, end: r.end.index, text: `${builder}.String()` })
  }
  const init = initialValue(decl)
  const r = stmtOfDecl.range()
  const indent = indentationAt(ctx.source, r.start.index)
  const declText = `var ${builder} ${strings}.Builder` + (init ? `\n${indent}${builder}.WriteString(${init})` : '')
  edits.push({ start: r.start.index, end: r.end.index, text: declText })
  ctx.report({ node: first, message, fix: { edits, imports: ['strings'] } })
}

function insideLoop(stmt: SgNode): boolean {
  return innermostLoop(stmt) !== null
}

/** The closest for statement around the node within its function. */
function innermostLoop(node: SgNode): SgNode | null {
  for (const a of node.ancestors()) {
    const k = a.kind()
    if (k === 'for_statement') return a
    if (k === 'func_literal' || k === 'function_declaration' || k === 'method_declaration') return null
  }
  return null
}

function within(node: SgNode, outer: SgNode): boolean {
  const r = node.range()
  const o = outer.range()
  return r.start.index >= o.start.index && r.end.index <= o.end.index
}

/** A string by declaration: `var s string`, `var s = "…"`, `s := "…"`. */
function isString(decl: Decl): boolean {
  if (decl.kind !== 'var' && decl.kind !== 'short') return false
  if (decl.type !== undefined) return decl.type === 'string'
  const k = decl.value?.kind()
  return k === 'interpreted_string_literal' || k === 'raw_string_literal'
}

/** The initial text to write into the builder, or null for none (no value or ""). */
function initialValue(decl: Decl): string | null {
  const v = decl.value?.text()
  return v === undefined || v === '""' || v === '``' ? null : v
}

function declaredNames(stmt: SgNode): number {
  if (stmt.kind() === 'short_var_declaration') return namedChildren(field(stmt, 'left')!).length
  return namedChildren(stmt).reduce((n, spec) => n + (spec.kind() === 'var_spec' ? fieldChildren(spec, 'name').length : 99), 0)
}

/** Whether the identifier is assigned, incremented or has its address taken. */
function isWritten(ident: SgNode): boolean {
  const parent = ident.parent()
  if (!parent) return false
  if (parent.kind() === 'unary_expression' && parent.text().startsWith('&')) return true
  const stmt = parent.kind() === 'expression_list' ? parent.parent() : parent
  if (!stmt) return false
  const k = stmt.kind()
  if (k === 'assignment_statement' || k === 'short_var_declaration') return field(stmt, 'left')?.id() === (parent.kind() === 'expression_list' ? parent.id() : ident.id())
  if (k === 'range_clause') return field(stmt, 'left')?.id() === (parent.kind() === 'expression_list' ? parent.id() : ident.id())
  return false
}

/** `sb`, or `<name>Builder`, whichever the function does not mention. */
function builderName(body: SgNode, name: string): string | null {
  const text = body.text()
  for (const candidate of ['sb', `${name}Builder`]) if (!new RegExp(`\\b${candidate}\\b`).test(text)) return candidate
  return null
}

export default codemod
