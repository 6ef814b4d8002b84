import type { CodemodModule } from '../../src/codemod/types.js'
import type { PackageDecl, PackageIndex } from '../../src/engine/package-index.js'
import { field, isExported } from '../../src/gosyntax/nodes.js'
import { planRename } from '../lib/rename.js'

/**
 * Matches package-level sentinel error values whose name does not start
 * with Err / err:
 *
 *	var ErrorNotFound = errors.New("not found")        →  var ErrNotFound = errors.New("not found")
 *	var NotFoundError = errors.New("not found")        →  var ErrNotFound = …
 *	var QuotaErr = fmt.Errorf("quota: %d", n)          →  var ErrQuota = …
 *	var (
 *		errorTimeout       = errors.New("timeout")     →  errTimeout = …
 *		invalidAmountError = errors.New("amount")      →  errInvalidAmount = …
 *		insufficient       = fmt.Errorf("funds")       →  errInsufficient = …
 *	)
 *
 * and renames every use in the package (an exported name only with
 * --rename-exported, and only when no other package of the module uses
 * it: those are not changed). Error *types* (`type FooError
 * struct`) and values that are not built with errors.New / fmt.Errorf are
 * left alone.
 */

/** Constructors of sentinel values, per import path. */
const CONSTRUCTORS: Record<string, readonly string[]> = {
  errors: ['New'],
  fmt: ['Errorf'],
  'github.com/pkg/errors': ['New', 'Errorf'],
  'golang.org/x/xerrors': ['New', 'Errorf'],
}

/** Initialisms kept in capitals when they start the stem of an unexported name (urlError → errURL). */
const INITIALISMS = new Set([
  'acl', 'api', 'ascii', 'cpu', 'css', 'dns', 'eof', 'guid', 'html', 'http', 'https', 'id', 'ip', 'json', 'lhs', 'qps',
  'ram', 'rhs', 'rpc', 'sla', 'smtp', 'sql', 'ssh', 'tcp', 'tls', 'ttl', 'udp', 'ui', 'uid', 'uuid', 'uri', 'url',
  'utf8', 'vm', 'xml', 'xmpp', 'xsrf', 'xss',
])

interface Candidate {
  decl: PackageDecl
  newName: string
  /** Another sentinel of the package that would get the same new name. */
  collidesWith?: string
}

const codemod: CodemodModule = {
  meta: {
    id: 'error-var-naming',
    section: '§3',
    tier: 'suggest',
    message: 'sentinel error variable not named ErrFoo (exported) or errFoo (unexported)',
    rationale:
      'Go code recognises sentinel errors by their Err/err prefix: readers scanning for the values to pass to errors.Is, linters, and the standard library itself (io.ErrUnexpectedEOF, sql.ErrNoRows) all follow it. Names such as ErrorFoo or FooError read like error types instead, which by convention carry the Error suffix.',
    useInstead: 'var ErrNotFound = errors.New("not found") (errNotFound when unexported)',
    fixSafety:
      'Suggest: the variable is renamed at its declaration, in its doc comment and at every use in the package, test files of the same package included; other comments are not touched. The rename is all or nothing: it is refused (finding only) when the old name is declared locally anywhere in the package (a parameter, a local variable, …) or used as a composite literal key that may be a struct field, when the new name is already declared, imported or used as any identifier in the package, when two variables would get the same name, and in cgo packages and generated files. Exported names are only renamed with --rename-exported, in every package including main, and then also at their uses in the external _test package of the directory. Other packages are never changed, since each directory is fixed on its own: before renaming an exported name, every package of the module that imports this one is searched (the whole module, not only the paths given; vendor, testdata, hidden directories and other modules left out, except a module, nested or above, whose go.mod replaces this one with its directory, or one a go.work uses with it), and the rename is refused (finding only) when one of them uses the name, naming up to three of those places; it is refused too when another package dot-imports the package or has a file that does not parse or cannot be read and may use the name, and, except in main packages, when there is no go.mod to tell who imports the package. Packages outside the module are not known. Files of the package that the run cannot analyse count: a rename is refused when a generated file uses the name, or a file that does not parse or cannot be read as source may.',
    examples: [
      {
        bad: 'package p\n\nimport "errors"\n\nvar ErrorNotFound = errors.New("not found")\n\nfunc find() error { return ErrorNotFound }\n',
        good: 'package p\n\nimport "errors"\n\nvar ErrNotFound = errors.New("not found")\n\nfunc find() error { return ErrNotFound }\n',
      },
      {
        bad: 'package p\n\nimport "fmt"\n\nvar invalidAmountError = fmt.Errorf("amount must be positive")\n',
        good: 'package p\n\nimport "fmt"\n\nvar errInvalidAmount = fmt.Errorf("amount must be positive")\n',
      },
    ],
  },
  // A declaration of a name the rule would change (any unexported one, or one with an
  // Error/Err affix), assigned from a New/Errorf call.
  prefilter: [/\b(?:[Ee]rror[A-Z0-9]\w*|\w*[a-z0-9](?:Error|Err)|[a-z]\w*)\s*(?:error\s*)?=\s*\w+\.(?:New|Errorf)\(/],
  check(ctx) {
    for (const c of candidatesOf(ctx.pkg).values()) {
      if (c.decl.path !== ctx.path) continue
      const name = c.decl.name
      const message = `sentinel error ${name} should be named ${c.newName}`
      if (isExported(name) && !ctx.renameExported) {
        ctx.report({ node: c.decl.ident, message: `${message} (not fixed: ${name} is exported; --rename-exported renames it when no other package of the module uses it)` })
        continue
      }
      if (c.collidesWith) {
        ctx.report({ node: c.decl.ident, message: `${message} (not fixed: ${c.collidesWith} would get the same name)` })
        continue
      }
      const plan = planRename(ctx.pkg, name, c.newName)
      if (!plan.ok) {
        ctx.report({ node: c.decl.ident, message: `${message} (not fixed: ${plan.reason})` })
        continue
      }
      const note = isExported(name) ? ' (renamed in this package and its external test package; no other package of the module uses it)' : ''
      ctx.report({ node: c.decl.ident, message: message + note, fix: { edits: plan.edits } })
    }
  },
}

const cache = new WeakMap<PackageIndex, Map<string, Candidate>>()

/** Every misnamed sentinel of the package, computed once per package index. */
function candidatesOf(pkg: PackageIndex): Map<string, Candidate> {
  const cached = cache.get(pkg)
  if (cached) return cached
  const out = new Map<string, Candidate>()
  const byNewName = new Map<string, string[]>()
  for (const decl of pkg.decls.values()) {
    if (decl.kind !== 'var' || !isSentinelValue(pkg, decl)) continue
    const newName = suggestedName(decl.name)
    if (!newName) continue
    out.set(decl.name, { decl, newName })
    byNewName.set(newName, [...(byNewName.get(newName) ?? []), decl.name])
  }
  for (const c of out.values()) {
    const others = byNewName.get(c.newName)!.filter((n) => n !== c.decl.name)
    if (others.length > 0) c.collidesWith = others.join(', ')
  }
  cache.set(pkg, out)
  return out
}

/** `errors.New(…)` / `fmt.Errorf(…)` with the package names bound to those packages in the declaring file. */
function isSentinelValue(pkg: PackageIndex, decl: PackageDecl): boolean {
  const value = decl.value
  if (!value || value.kind() !== 'call_expression') return false
  if (decl.type && decl.type !== 'error') return false
  const fn = field(value, 'function')
  if (!fn || fn.kind() !== 'selector_expression') return false
  const operand = field(fn, 'operand')
  const member = field(fn, 'field')?.text() ?? ''
  if (operand?.kind() !== 'identifier') return false
  const imp = pkg.file(decl.path)?.imports.find((i) => i.localName === operand.text())
  return !!imp && !!CONSTRUCTORS[imp.path]?.includes(member)
}

/**
 * ErrorNotFound → ErrNotFound, NotFoundError / NotFoundErr → ErrNotFound,
 * errorTimeout → errTimeout, invalidAmountError → errInvalidAmount, and an
 * unexported name with no affix at all: insufficient → errInsufficient.
 * Null when the name already has the prefix, and for an exported name with
 * no Error/Err affix (io.EOF and context.Canceled show that such API names
 * can be deliberate).
 */
export function suggestedName(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || /^(Err|err)([A-Z0-9]|$)/.test(name)) return null
  let stem = name
  const prefix = /^(Error|error)(?=[A-Z0-9])/.exec(stem)
  if (prefix) stem = stem.slice(prefix[0].length)
  const suffix = /(Error|Err)$/.exec(stem)
  if (suffix && stem.length > suffix[0].length) stem = stem.slice(0, -suffix[0].length)
  // An unexported sentinel without the affix (but not errs, errorf: words that only start like it).
  const bare = stem === name && !isExported(name) && !/^err/i.test(name)
  if ((stem === name && !bare) || stem === '') return null
  const word = /^[a-z][a-z0-9]*/.exec(stem)?.[0]
  if (word) stem = (INITIALISMS.has(word) ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1)) + stem.slice(word.length)
  return (isExported(name) ? 'Err' : 'err') + stem
}

export default codemod
