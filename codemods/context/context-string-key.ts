import { packagePathAt } from '../../src/engine/package-index.js'
import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * Matches the key argument of context.WithValue when its type is a built-in
 * one, or an unnamed struct, so that any other package can build an equal key:
 *
 *	context.WithValue(ctx, "user", u)          a literal
 *	context.WithValue(ctx, userKey, u)         const userKey = "user" (untyped constant)
 *	                                           var userKey string / const userKey int = 1
 *	                                           type key = string; const userKey key = "u" (an alias)
 *	context.WithValue(ctx, string(k), u)       a conversion to a built-in type
 *	context.WithValue(ctx, struct{}{}, u)      every struct{}{} equals every other
 *
 * Left alone: keys of a named type declared in the package (`type ctxKey
 * int`, `ctxKey{}`), pointer keys (`&struct{}{}`), keys from other packages
 * and anything whose type cannot be read from its declaration.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'context-string-key',
    section: '§5',
    tier: 'detect',
    message: 'this context.WithValue key has a built-in type and can collide with keys of other packages; use an unexported key type or a &struct{}{} pointer',
    rationale:
      'Context values are looked up by key equality across every package that touches the context. Two packages that both pick the string "user_id" (or the int 1) read and overwrite each other\'s values without any error. A key of an unexported type, or a pointer to a fresh struct, can only be produced by the package that declared it.',
    useInstead: 'type ctxKey struct{}; context.WithValue(ctx, ctxKey{}, v) — or var userKey = &struct{}{}',
    examples: [
      {
        bad: 'import "context"\n\nfunc withUser(ctx context.Context, id string) context.Context {\n\treturn context.WithValue(ctx, "user_id", id)\n}',
        good: 'import "context"\n\ntype userIDKey struct{}\n\nfunc withUser(ctx context.Context, id string) context.Context {\n\treturn context.WithValue(ctx, userIDKey{}, id)\n}',
      },
      {
        bad: 'import "context"\n\nconst requestIDKey = "request_id"\n\nfunc withRequestID(ctx context.Context, id string) context.Context {\n\treturn context.WithValue(ctx, requestIDKey, id)\n}',
      },
    ],
  },
  prefilter: ['WithValue'],
  matchers: { calls: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^WithValue$' } } } },
  defaultOptions: { includeTests: false },
  check(ctx) {
    // Tests and godoc Example functions (which live in _test.go files) show or exercise code; they need not follow it.
    if (ctx.isTest && ctx.options.includeTests !== true) return
    for (const call of ctx.matches('calls')) checkCall(ctx, call)
  },
}

const BUILTIN_TYPES = new Set([
  'string', 'bool', 'byte', 'rune', 'uintptr',
  'int', 'int8', 'int16', 'int32', 'int64',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64',
  'float32', 'float64', 'complex64', 'complex128',
])

const LITERAL_TYPES: Record<string, string> = {
  interpreted_string_literal: 'string',
  raw_string_literal: 'string',
  int_literal: 'int',
  float_literal: 'float64',
  imaginary_literal: 'complex128',
  rune_literal: 'rune',
  true: 'bool',
  false: 'bool',
}

/** What is wrong with a key: its built-in type, or that its struct type has no name. */
type KeyProblem = { builtin: string; literal: boolean } | { unnamedStruct: true }

function checkCall(ctx: RuleContext, call: SgNode): void {
  const fn = field(call, 'function')!
  const pkgIdent = field(fn, 'operand')
  if (pkgIdent?.kind() !== 'identifier') return
  if (packagePathAt(ctx.pkg, ctx.path, pkgIdent) !== 'context') return
  const argList = field(call, 'arguments')
  const args = argList ? namedChildren(argList) : []
  if (args.length !== 3) return
  const key = args[1]
  const problem = classify(ctx, key, 0)
  if (!problem) return
  const fix = 'use an unexported key type (type ctxKey struct{}) or a &struct{}{} pointer'
  const what =
    'unnamedStruct' in problem
      ? `has an unnamed struct type and equals every other such key`
      : problem.literal
        ? `is ${/^[aeiou]/.test(problem.builtin) ? 'an' : 'a'} ${problem.builtin} literal any package can repeat`
        : `has the built-in type ${problem.builtin}, so other packages can build an equal key`
  ctx.report({ node: key, message: `context.WithValue key ${key.text()} ${what}; ${fix}` })
}

/** A type name that means a built-in type here (not redeclared; an alias is followed). */
function builtinType(ctx: RuleContext, type: string | undefined, depth: number): string | null {
  if (!type) return null
  const decl = ctx.pkg.decls.get(type)
  if (decl) {
    if (decl.kind !== 'type' || decl.decl.kind() !== 'type_alias' || depth > 4) return null
    return builtinType(ctx, field(decl.decl, 'type')?.text(), depth + 1)
  }
  return BUILTIN_TYPES.has(type) ? type : null
}

function classify(ctx: RuleContext, expr: SgNode, depth: number): KeyProblem | null {
  if (depth > 6) return null
  const kind = expr.kind()
  if (kind in LITERAL_TYPES) return { builtin: LITERAL_TYPES[kind], literal: depth === 0 }
  switch (kind) {
    case 'parenthesized_expression': {
      const inner = namedChildren(expr)[0]
      return inner ? classify(ctx, inner, depth) : null
    }
    case 'composite_literal':
      return field(expr, 'type')?.kind() === 'struct_type' ? { unnamedStruct: true } : null
    case 'call_expression':
    case 'type_conversion_expression': {
      // string(x), int64(n): a conversion to a built-in type.
      const callee = field(expr, kind === 'call_expression' ? 'function' : 'type')
      if (callee?.kind() !== 'identifier' && callee?.kind() !== 'type_identifier') return null
      if (lookupLocal(callee, callee.text())) return null
      const type = builtinType(ctx, callee.text(), 0)
      return type ? { builtin: type, literal: false } : null
    }
    case 'binary_expression': {
      const left = field(expr, 'left')
      const right = field(expr, 'right')
      const l = left ? classify(ctx, left, depth + 1) : null
      const r = right ? classify(ctx, right, depth + 1) : null
      if (!l || !r || 'unnamedStruct' in l || 'unnamedStruct' in r) return null
      const op = field(expr, 'operator')?.text() ?? ''
      if (/^(==|!=|<|<=|>|>=|&&|\|\|)$/.test(op)) return { builtin: 'bool', literal: false }
      return { builtin: l.builtin, literal: false }
    }
    case 'iota':
      return { builtin: 'int', literal: false }
    case 'identifier':
      return classifyName(ctx, expr, depth)
    default:
      return null
  }
}

function classifyName(ctx: RuleContext, ident: SgNode, depth: number): KeyProblem | null {
  const name = ident.text()
  const decl: Decl | undefined = lookupLocal(ident, name) ?? ctx.pkg.decls.get(name)
  if (!decl || decl.kind === 'type' || decl.kind === 'func' || decl.multiValue) return null
  if (decl.kind === 'const' && !decl.type && !decl.value) return classifyImplicitConst(ctx, decl, depth)
  if (decl.type) {
    const type = builtinType(ctx, decl.type, 0)
    return type ? { builtin: type, literal: false } : null
  }
  if (decl.value && (decl.kind === 'const' || decl.kind === 'var' || decl.kind === 'short')) {
    const problem = classify(ctx, decl.value, depth + 1)
    return problem && 'builtin' in problem ? { ...problem, literal: false } : problem
  }
  return null
}

/**
 * `const ( a key = iota; b )`: a spec without type and value repeats the
 * type and expression of the last spec above it that has a value.
 */
function classifyImplicitConst(ctx: RuleContext, decl: Decl, depth: number): KeyProblem | null {
  let spec: SgNode | null = decl.decl.prev()
  while (spec && !(spec.kind() === 'const_spec' && field(spec, 'value'))) spec = spec.prev()
  if (!spec) return null
  const type = field(spec, 'type')?.text()
  if (type) {
    const builtin = builtinType(ctx, type, 0)
    return builtin ? { builtin, literal: false } : null
  }
  const values = namedChildren(field(spec, 'value')!)
  const index = fieldChildren(decl.decl, 'name').findIndex((n) => n.id() === decl.ident.id())
  const value = values[index] ?? values[0]
  return value ? classify(ctx, value, depth + 1) : null
}

export default codemod
