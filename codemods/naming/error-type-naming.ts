import type { CodemodModule } from '../../src/codemod/types.js'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'

/**
 * Matches a type declared in this file that has an `Error() string` method
 * (declared in any file of the package) and whose name does not end in Error:
 *
 *	type Rejection struct{ Reason string }       →  type RejectionError struct{ … }
 *	func (r *Rejection) Error() string { … }
 *
 *	type timeout struct{}                         →  type timeoutError struct{}
 *	func (timeout) Error() string { … }
 *
 * A plural `…Errors` (a collection of errors) is accepted.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'error-type-naming',
    section: '§3',
    tier: 'detect',
    message: 'type with an Error() string method not named FooError (fooError when unexported)',
    rationale:
      'The Error suffix tells a reader that a type is an error without looking for its methods, keeps error types apart from sentinel values (which take the Err prefix), and makes errors.As targets such as var nf *NotFoundError read plainly.',
    useInstead: 'type NotFoundError struct{ … } with func (e *NotFoundError) Error() string',
    examples: [
      {
        bad: 'type Rejection struct {\n\tReason string\n}\n\nfunc (r *Rejection) Error() string { return r.Reason }',
      },
    ],
  },
  // The Error method may sit in another file: what matters is that this file names an error type.
  prefilter: [(source, pkg) => errorTypeNames(pkg).some((t) => source.includes(t))],
  check(ctx) {
    const errorTypes = ctx.pkg.errorTypes()
    if (errorTypes.size === 0) return
    for (const decl of namedChildren(ctx.root)) {
      if (decl.kind() !== 'type_declaration') continue
      for (const spec of namedChildren(decl)) {
        if (spec.kind() !== 'type_spec') continue
        const nameNode = field(spec, 'name')
        const name = nameNode?.text()
        if (!nameNode || !name || !errorTypes.has(name) || /Errors?$/.test(name)) continue
        const suggested = suggestedName(name)
        const taken = ctx.pkg.isDeclared(suggested) ? ` (${suggested} is taken; pick another name ending in Error)` : ''
        ctx.report({ node: nameNode, message: `error type ${name} should be named ${suggested}${taken}` })
      }
    }
  },
}

/**
 * Rejection → RejectionError, NotFoundErr → NotFoundError,
 * ValidationException → ValidationError, ErrorResponse → ResponseError,
 * errorString → stringError.
 */
function suggestedName(name: string): string {
  let stem = name.replace(/(Err|Exception)$/, '')
  const prefix = /^(Error|error|Err|err)(?=[A-Z])/.exec(stem)
  if (prefix) {
    stem = stem.slice(prefix[0].length)
    // The stem's leading word (or initialism) loses its capitals when the name is unexported.
    if (/^[a-z]/.test(name)) stem = stem.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|^[A-Z]/, (w) => w.toLowerCase())
  }
  return `${stem}Error`
}

export default codemod

/** Receiver types of `Error() string` methods in the package's texts. */
const ERROR_METHOD = /func\s*\(\s*\w*\s*\*?\s*(\w+)\s*(?:\[[^\]]*\])?\s*\)\s*Error\(\)\s*string\b/g
const errorTypeNames = (pkg: PackageIndex) => pkg.namesInTexts(ERROR_METHOD)
