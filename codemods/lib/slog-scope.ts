import type { SgNode } from '@ast-grep/napi'
import type { RuleContext } from '../../src/codemod/types.js'
import { importPathOfName } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { declsOfFunction, declsOfStatement, lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * What a log call can use at its place, read from declarations only (never
 * from a name): a `*slog.Logger` and a `context.Context` in scope.
 *
 *	func (s *Service) Save(ctx context.Context, u User) {   s.logger (a field declared *slog.Logger), ctx
 *	func run(logger *slog.Logger) {                          logger (a parameter)
 *	logger := slog.New(h)                                    logger (a local made by slog)
 *	ctx := r.Context()                                       ctx (a local from a Context() call)
 */
export interface SlogScope {
  /** The expression to log through, e.g. `s.logger`; null: the slog package itself. */
  logger: string | null
  /** A context variable to pass to the …Context method, or null. */
  context: string | null
}

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal'])

export function slogScope(ctx: RuleContext, call: SgNode): SlogScope {
  const isType = (type: string | undefined, path: string, name: string, pointer: boolean): boolean => {
    const m = /^(\*?)([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(type ?? '')
    return !!m && (m[1] === '*') === pointer && m[3] === name && importPathOfName(ctx.pkg, ctx.path, m[2]) === path
  }
  const isLogger = (d: Decl) => isType(d.type, 'log/slog', 'Logger', true) || (d.value !== undefined && madeBySlog(ctx, d.value))
  const isContext = (d: Decl) => isType(d.type, 'context', 'Context', false) || (d.value !== undefined && makesContext(ctx, d.value)) || madeByWith(ctx, d)
  // A declaration counts only when the name still means it at the call.
  const visible = (d: Decl) => lookupLocal(call, d.name)?.ident.range().start.index === d.ident.range().start.index

  let logger: string | null = null
  let context: string | null = null
  for (const fn of call.ancestors()) {
    if (!FUNCTIONS.has(String(fn.kind()))) continue
    const decls = [...localsBefore(fn, call), ...declsOfFunction(fn)]
    logger ??= decls.find((d) => d.kind !== 'receiver' && isLogger(d) && visible(d))?.name ?? null
    context ??= decls.find((d) => isContext(d) && visible(d))?.name ?? null
    if (!logger && fn.kind() === 'method_declaration') logger = receiverLogger(ctx, decls.find((d) => d.kind === 'receiver'), visible, isType)
    if (logger && context) break
  }
  return { logger, context }
}

/** Declarations made by statements of the function's body before the call, nearest first. */
function localsBefore(fn: SgNode, call: SgNode): Decl[] {
  const body = field(fn, 'body')
  if (!body) return []
  const at = call.range().start.index
  const out: Decl[] = []
  for (const stmt of body.findAll({ rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'var_declaration' }] } })) {
    if (stmt.range().end.index < at) out.push(...declsOfStatement(stmt))
  }
  return out.reverse()
}

/** `s.logger` when the receiver's struct type declares a field of type *slog.Logger. */
function receiverLogger(ctx: RuleContext, receiver: Decl | undefined, visible: (d: Decl) => boolean, isType: (t: string | undefined, p: string, n: string, ptr: boolean) => boolean): string | null {
  if (!receiver || receiver.name === '_' || !visible(receiver)) return null
  const typeName = (receiver.type ?? '').replace(/^\*/, '').replace(/\[.*$/, '')
  const decl = ctx.pkg.decls.get(typeName)
  const struct = decl?.kind === 'type' ? field(decl.decl, 'type') : null
  if (struct?.kind() !== 'struct_type') return null
  for (const fd of struct.findAll({ rule: { kind: 'field_declaration' } })) {
    const names = namedChildren(fd).filter((c) => c.kind() === 'field_identifier')
    if (names.length > 0 && isType(field(fd, 'type')?.text(), 'log/slog', 'Logger', true)) return `${receiver.name}.${names[0].text()}`
  }
  return null
}

function selectorCall(ctx: RuleContext, expr: SgNode): { pkg: string | undefined; operand: SgNode; name: string } | null {
  if (expr.kind() !== 'call_expression') return null
  const fn = field(expr, 'function')
  if (fn?.kind() !== 'selector_expression') return null
  const operand = field(fn, 'operand')!
  const pkg = operand.kind() === 'identifier' && !lookupLocal(operand, operand.text()) ? importPathOfName(ctx.pkg, ctx.path, operand.text()) : undefined
  return { pkg, operand, name: field(fn, 'field')?.text() ?? '' }
}

/** `slog.New(h)`, `slog.Default()`. */
function madeBySlog(ctx: RuleContext, value: SgNode): boolean {
  const c = selectorCall(ctx, value)
  return !!c && c.pkg === 'log/slog' && (c.name === 'New' || c.name === 'Default')
}

/** `r.Context()` on a declared *http.Request, `context.Background()`, `context.TODO()`. */
function makesContext(ctx: RuleContext, value: SgNode): boolean {
  const c = selectorCall(ctx, value)
  if (!c) return false
  if (c.pkg === 'context') return c.name === 'Background' || c.name === 'TODO'
  if (c.name !== 'Context' || c.operand.kind() !== 'identifier') return false
  const req = lookupLocal(c.operand, c.operand.text())
  const m = /^\*([A-Za-z_][A-Za-z0-9_]*)\.Request$/.exec(req?.type ?? '')
  return !!m && importPathOfName(ctx.pkg, ctx.path, m[1]) === 'net/http'
}

/** `ctx, cancel := context.WithTimeout(…)`: the first result of a context.With… call. */
function madeByWith(ctx: RuleContext, d: Decl): boolean {
  const multi = d.multiValue
  if (!multi || multi.index !== 0) return false
  const c = selectorCall(ctx, multi.expr)
  return !!c && c.pkg === 'context' && c.name.startsWith('With')
}
