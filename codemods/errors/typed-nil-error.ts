import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { enclosingFunction, field, fieldChildren, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Matches (detect only) a pointer variable declared in a function, possibly
 * still nil, returned through an `error` result:
 *
 *	func check() error {
 *		var e *ValidationError            also `var e *ValidationError = nil`, `e := (*ValidationError)(nil)`
 *		if bad { e = &ValidationError{} }
 *		return e                          // non-nil error even when e is nil
 *	}
 *
 * The code compiles only because *ValidationError implements error, so the
 * declaration is proof enough of the type. Not reported: the return inside
 * `if e != nil { … }`, a return right after `e = &T{…}`, a variable whose
 * address is taken (`errors.As(err, &e)` sets it where the code cannot
 * follow), results that are not `error`, and variables declared outside the
 * function.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'typed-nil-error',
    section: '§12',
    tier: 'detect',
    message: 'a pointer variable that may be nil is returned as an error: a nil pointer in an error interface is a non-nil error',
    rationale:
      'An interface value is nil only when it holds no type at all. Returning a nil *MyError through an error result stores the type *MyError in the interface, so `err != nil` is true at the caller and a success is reported as a failure (and calling err.Error() may panic).',
    useInstead: 'return nil explicitly on success (if e != nil { return e }; return nil), or declare the variable as error',
    examples: [
      {
        bad: 'type ValidationError struct{ Field string }\n\nfunc (e *ValidationError) Error() string { return e.Field + " is invalid" }\n\nfunc validate(name string) error {\n\tvar verr *ValidationError\n\tif name == "" {\n\t\tverr = &ValidationError{Field: "name"}\n\t}\n\treturn verr\n}\n',
        good: 'func validate(name string) error {\n\tif name == "" {\n\t\treturn &ValidationError{Field: "name"}\n\t}\n\treturn nil\n}\n',
      },
    ],
  },
  prefilter: [/\bvar\s+[A-Za-z_]\w*\s+\*[A-Za-z_][\w.]*\s*(?:=\s*nil\s*)?(?:$|;|\/\/)/m, /:=\s*\(\*[\w.]+\)\(nil\)/],
  matchers: {
    decls: {
      any: [
        { kind: 'var_spec', has: { field: 'type', kind: 'pointer_type' }, inside: { kind: 'block', stopBy: 'end' } },
        { kind: 'short_var_declaration', has: { field: 'right', has: { kind: 'call_expression', regex: '^[(][*]', has: { field: 'arguments', regex: '^[(]nil[)]$' } } } },
      ],
    },
  },
  check(ctx) {
    for (const decl of ctx.matches('decls')) {
      for (const ident of possiblyNilPointers(decl)) checkVariable(ctx, ident)
    }
  },
}

/** The names a declaration binds to a pointer that starts out nil. */
function possiblyNilPointers(decl: SgNode): SgNode[] {
  if (decl.kind() === 'var_spec') {
    const value = field(decl, 'value')
    if (value && !namedChildren(value).every((v) => v.kind() === 'nil')) return []
    return fieldChildren(decl, 'name')
  }
  const left = namedChildren(field(decl, 'left')!)
  const right = namedChildren(field(decl, 'right')!)
  return left.filter((_, i) => right[i]?.kind() === 'call_expression' && /^\(\*[\w.]+\)\(nil\)$/.test(right[i].text()))
}

function checkVariable(ctx: RuleContext, ident: SgNode): void {
  const fn = enclosingFunction(ident)
  const body = fn ? field(fn, 'body') : null
  if (!fn || !body) return
  const results = resultTypes(fn)
  if (!results.includes('error') || ctx.pkg.decls.has('error')) return
  const name = ident.text()
  const declared = ident.range().start.index
  // `errors.As(err, &e)` and any other call given &e may set it: what it holds at a return is not known.
  if (new RegExp(`&\\s*${name}\\b`).test(body.text())) return
  for (const ret of body.findAll({ rule: { kind: 'return_statement', regex: `\\b${name}\\b` } })) {
    if (enclosingFunction(ret)?.id() !== fn.id()) continue
    const list = namedChildren(ret)[0]
    const values = list ? (list.kind() === 'expression_list' ? namedChildren(list) : [list]) : []
    if (values.length !== results.length) continue
    values.forEach((value, i) => {
      if (results[i] !== 'error' || value.kind() !== 'identifier' || value.text() !== name) return
      if (lookupLocal(value, name)?.ident.range().start.index !== declared) return
      if (guardedByNonNil(value, name, fn) || setJustBefore(ret, name)) return
      ctx.report({ node: value, message: `${name} is a pointer that may be nil here; returned as an error it is a non-nil error even then: return nil on success, or check ${name} != nil first` })
    })
  }
}

/** The declared result types, one per result (`(a, b int, err error)` gives int, int, error). */
function resultTypes(fn: SgNode): string[] {
  const result = field(fn, 'result')
  if (!result) return []
  if (result.kind() !== 'parameter_list') return [result.text()]
  return namedChildren(result).flatMap((p) => {
    const type = field(p, 'type')?.text() ?? ''
    return Array(Math.max(1, fieldChildren(p, 'name').length)).fill(type)
  })
}

/** Whether the return sits in the body of an `if` that checked `name != nil`. */
function guardedByNonNil(node: SgNode, name: string, fn: SgNode): boolean {
  const check = new RegExp(`(^|[^\\w.])${name}\\s*!=\\s*nil\\b`)
  for (let child = node, parent = node.parent(); parent && parent.id() !== fn.id(); child = parent, parent = parent.parent()) {
    if (parent.kind() === 'if_statement' && field(parent, 'consequence')?.id() === child.id() && check.test(field(parent, 'condition')?.text() ?? '')) return true
  }
  return false
}

/** Whether the statement before the return sets `name` to the address of a literal. */
function setJustBefore(ret: SgNode, name: string): boolean {
  let prev = ret.prev()
  while (prev && (prev.kind() === 'comment' || !prev.isNamed())) prev = prev.prev()
  if (prev?.kind() !== 'assignment_statement') return false
  const left = namedChildren(field(prev, 'left')!)
  const right = namedChildren(field(prev, 'right')!)
  const i = left.findIndex((l) => l.text() === name)
  return i >= 0 && right[i]?.kind() === 'unary_expression' && right[i].text().startsWith('&')
}

export default codemod
