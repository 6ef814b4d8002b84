import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule } from '../../src/codemod/types.js'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { escapeRegex } from '../../src/engine/package-index.js'
import { enclosingNamedFunction, field, namedChildren } from '../../src/gosyntax/nodes.js'
import { declsOfStatement, lookupLocal, type Decl } from '../../src/gosyntax/scope.js'

/**
 * Matches package-level state that code shares through a variable rather
 * than through parameters:
 *
 *	var db *sql.DB                          // a client or connection held globally
 *	var client = &http.Client{}
 *
 *	var current Config                      // any variable a function other than init assigns
 *	func Reload() { current = load() }
 *
 * Left alone: error sentinels (`var ErrX = errors.New(…)`), interface checks
 * (`var _ I = (*T)(nil)`), values only set where they are declared or in
 * init (compiled regexps, lookup tables), and like init: in a function run
 * by a sync.Once (`once.Do(func() { … })`, lazy initialisation) or in a
 * Register* function (a registry other packages fill from their init, as
 * database/sql.Register is); assignments made by test files (a test
 * replacing a seam such as `var now = time.Now`), and test files.
 */

/** Types of long-lived clients and connection pools that belong in a struct built at start-up. */
const CLIENT_TYPE = /^\*?(sql\.DB|sqlx\.DB|gorm\.DB|pgxpool\.Pool|pgx\.Conn|http\.Client|redis\.(Client|ClusterClient|UniversalClient)|grpc\.ClientConn|mongo\.(Client|Database)|amqp\.(Connection|Channel)|nats\.Conn|kafka\.(Writer|Reader)|elastic\.Client|s3\.Client|dynamodb\.Client)$/
/** Calls whose result is an error value: sentinels, never state. */
const ERROR_CONSTRUCTOR = /^(errors\.New|fmt\.Errorf|xerrors\.(New|Errorf))$/
/** Functions that fill a registry, conventionally called from other packages' init. */
const REGISTERING = /^(Register|register|MustRegister)/
const ASSIGNING = new Set(['assignment_statement', 'inc_statement', 'dec_statement'])

const codemod: CodemodModule = {
  meta: {
    id: 'mutable-global',
    section: '§14',
    tier: 'detect',
    message: 'package-level variable holds shared state (a client or connection, or a value functions assign); pass it as a dependency instead',
    rationale:
      'State in package variables is a hidden input to every function that reads it: tests cannot run in parallel or swap it for a fake, the order of initialisation decides behaviour, and concurrent writes race. A value built at start-up and passed to constructors makes each dependency visible and replaceable.',
    useInstead: 'type Store struct{ db *sql.DB }; func NewStore(db *sql.DB) *Store { … }, built in main and passed down',
    examples: [
      { bad: 'import "database/sql"\n\nvar db *sql.DB\n\nfunc Open(dsn string) error {\n\tvar err error\n\tdb, err = sql.Open("postgres", dsn)\n\treturn err\n}' },
      { bad: 'var verbose bool\n\nfunc SetVerbose(v bool) {\n\tverbose = v\n}' },
    ],
  },
  prefilter: [/^var\b/m],
  check(ctx) {
    if (ctx.isTest) return
    const globals = namedChildren(ctx.root)
      .filter((c) => c.kind() === 'var_declaration')
      .flatMap((d) => declsOfStatement(d))
      .filter((d) => d.name !== '_' && !isSentinel(d))
    if (globals.length === 0) return
    for (const d of globals) {
      if (isClient(d)) {
        ctx.report({ node: d.ident, message: `package-level ${d.name} holds a ${clientType(d)}; build it in main and pass it to what needs it` })
        continue
      }
      const writer = assignerOf(ctx.pkg, d)
      if (writer) ctx.report({ node: d.ident, message: `package-level ${d.name} is assigned in ${writer}, so every reader depends on hidden shared state; pass the value as a parameter or keep it in a struct` })
    }
  },
}

function isSentinel(d: Decl): boolean {
  if (d.type === 'error') return true
  const value = d.value
  return !!value && value.kind() === 'call_expression' && ERROR_CONSTRUCTOR.test(field(value, 'function')?.text() ?? '')
}

function clientType(d: Decl): string | null {
  if (d.type && CLIENT_TYPE.test(d.type)) return d.type.replace(/^\*?/, '*')
  const value = d.value
  if (!value) return null
  // &http.Client{…} / http.Client{…}
  const literal = value.kind() === 'unary_expression' ? namedChildren(value)[0] : value
  if (literal?.kind() === 'composite_literal') {
    const type = field(literal, 'type')?.text() ?? ''
    if (CLIENT_TYPE.test(type)) return `*${type}`
  }
  return null
}

function isClient(d: Decl): boolean {
  return clientType(d) !== null
}

/**
 * Where a function other than init assigns the variable (`Reload in
 * config.go`), in the package's non-test files, or null. Texts are searched
 * first, so a package is parsed only when some file may assign the name.
 */
function assignerOf(pkg: PackageIndex, d: Decl): string | null {
  const name = d.name
  const assignment = new RegExp(`(^|[^.\\w])${escapeRegex(name)}(\\s*(\\[[^\\]\\n]*\\]|\\.\\w+)*\\s*([-+*/%&|^]|<<|>>|&\\^)?=[^=]|\\s*(\\+\\+|--)|\\s*,[^=\\n]*[^=!<>:]=[^=])`, 'm')
  if (!pkg.texts.some((t) => assignment.test(t))) return null
  for (const file of pkg.files) {
    if (file.isTest || !assignment.test(file.source)) continue
    for (const stmt of file.root.findAll({ rule: { any: [...ASSIGNING].map((kind) => ({ kind })) } })) {
      const target = targetOf(stmt, name)
      if (!target) continue
      const fn = enclosingNamedFunction(stmt)
      const fnName = fn ? field(fn, 'name')?.text() ?? '' : ''
      if (!fn || (fn.kind() === 'function_declaration' && fnName === 'init') || REGISTERING.test(fnName)) continue
      if (lookupLocal(target, name) || insideOnce(stmt, fn)) continue
      return `${fnName} (${file.path.split('/').pop()})`
    }
  }
  return null
}

/** Whether the statement is in a function literal handed to `….Do(…)` (sync.Once) within `fn`. */
function insideOnce(stmt: SgNode, fn: SgNode): boolean {
  for (const a of stmt.ancestors()) {
    if (a.id() === fn.id()) return false
    if (a.kind() !== 'func_literal') continue
    const call = a.parent()?.parent()
    const callee = call?.kind() === 'call_expression' ? field(call, 'function') : null
    if (callee?.kind() === 'selector_expression' && field(callee, 'field')?.text() === 'Do') return true
  }
  return false
}

/** The identifier `name` assigned by the statement: `x = …`, `x, err = …`, `x++`, `x.f = …`. */
function targetOf(stmt: SgNode, name: string): SgNode | null {
  const left = stmt.kind() === 'assignment_statement' ? field(stmt, 'left') : namedChildren(stmt)[0]
  if (!left || !left.text().includes(name)) return null
  const targets = left.kind() === 'expression_list' ? namedChildren(left) : [left]
  for (let t of targets) {
    // The variable itself or a field of it; element writes (`m[k] = v`) are global-map-unsynced's to judge.
    while (t.kind() === 'selector_expression') t = field(t, 'operand') ?? t
    if (t.kind() === 'identifier' && t.text() === name) return t
  }
  return null
}

export default codemod
