import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, Edit, RuleContext } from '../../src/codemod/types.js'
import type { PackageFile, PackageIndex } from '../../src/engine/package-index.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { field, isExported, namedChildren } from '../../src/gosyntax/nodes.js'
import { baseTypeName, ExprTyper, structFields, structOf } from '../lib/expr-type.js'
import { importedByOtherPackages } from '../lib/rename.js'

/**
 * Matches a named struct type that embeds a mutex, which makes Lock and
 * Unlock part of the type's own method set:
 *
 *	type cache struct {                 type cache struct {
 *		sync.RWMutex               →        mu sync.RWMutex
 *		items map[string]int                items map[string]int
 *	}                                   }
 *	c.RLock()                      →    c.mu.RLock()        in every file of the package, tests included
 *	cache{RWMutex: sync.RWMutex{}} →    cache{mu: sync.RWMutex{}}
 *
 * The rename is all or nothing: every selector of a lock method (or of the
 * embedded field) in the package must be on a value whose type the
 * declarations tell, or the fix is refused. Refused too (finding only):
 * exported types without --rename-exported (and, with it, when another
 * package of the module imports the package), types embedded in other types,
 * and types that already have a field or method named mu. Not reported:
 * packages that use lock methods through an interface (sync.Locker,
 * sync.NewCond, an interface with Lock()), where the embedding is the point,
 * and anonymous structs.
 */
const MUTEX_TYPES = new Set(['Mutex', 'RWMutex'])
const LOCK_METHODS = ['Lock', 'Unlock', 'TryLock', 'RLock', 'RUnlock', 'TryRLock', 'RLocker']
const FIELD = 'mu'
/** Lock methods reached through an interface: the type must keep them. */
const THROUGH_INTERFACE = /\bLocker\b|\bNewCond\(|interface\s*\{[^}]*\b(?:R?Lock|Unlock)\(\)/

const codemod: CodemodModule = {
  meta: {
    id: 'embedded-mutex',
    section: '§5',
    tier: 'suggest',
    message: 'this struct embeds a mutex, so Lock and Unlock become methods of the type; make it a named field mu',
    rationale:
      'An embedded sync.Mutex promotes Lock, Unlock (and RLock, RUnlock for RWMutex) into the method set of the struct: any code holding the value, in other packages too, can lock it, the type satisfies sync.Locker by accident, and the locking becomes part of its API. A named, unexported field keeps the lock an implementation detail and makes each use say which lock it takes.',
    useInstead: 'type cache struct { mu sync.Mutex; items map[string]int } with c.mu.Lock() / c.mu.Unlock()',
    fixSafety:
      'Suggest: the field becomes mu and every lock call on the type in the package (other files and _test.go files included) becomes x.mu.Lock(); the type loses its Lock/Unlock methods. The fix is all or nothing and refused when a use cannot be tied to a type by its declarations, when the type is embedded elsewhere or already has a mu, and for exported types unless --rename-exported is given; even then an exported type is changed only when no other package of the module imports its package (any importer may call the lock methods on its values, even without naming the type), the whole module being searched and not only the paths checked, and never without a go.mod to tell who imports it. Packages that use lock methods through an interface (sync.Locker, sync.NewCond) are not reported at all: there the embedding is deliberate.',
    examples: [
      {
        bad: 'import "sync"\n\ntype counter struct {\n\tsync.Mutex\n\tn int\n}\n\nfunc (c *counter) inc() {\n\tc.Lock()\n\tdefer c.Unlock()\n\tc.n++\n}\n',
        good: 'import "sync"\n\ntype counter struct {\n\tmu sync.Mutex\n\tn  int\n}\n\nfunc (c *counter) inc() {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.n++\n}\n',
      },
    ],
  },
  prefilter: [/^\s*[A-Za-z_]\w*\.(?:RW)?Mutex\s*(?:\/\/.*)?$/m],
  matchers: {
    embeds: {
      kind: 'field_declaration',
      not: { has: { field: 'name', regex: '.' } },
      has: { field: 'type', kind: 'qualified_type', has: { field: 'name', regex: '^(RW)?Mutex$' } },
    },
  },
  check(ctx) {
    for (const fd of ctx.matches('embeds')) checkEmbed(ctx, fd)
  },
}

function checkEmbed(ctx: RuleContext, fd: SgNode): void {
  const type = field(fd, 'type')!
  const mutex = field(type, 'name')!.text()
  if (!MUTEX_TYPES.has(mutex) || packagePathAt(ctx.pkg, ctx.path, namedChildren(type)[0], (p) => p === 'sync') !== 'sync') return
  // The struct must be the type of a type declaration (`type T struct {…}`), not nested in one.
  const spec = fd.parent()?.parent()?.parent()
  if (spec?.kind() !== 'type_spec') return
  const typeName = field(spec, 'name')!.text()
  // Lock methods used through an interface are why the type embeds the mutex: nothing to report.
  if (ctx.pkg.texts.some((t) => THROUGH_INTERFACE.test(t))) return
  const message = `${typeName} embeds sync.${mutex}, so Lock and Unlock are methods of ${typeName}; make it a named field ${FIELD} and call ${FIELD}.Lock()`
  if (isExported(typeName) && !ctx.renameExported) {
    ctx.report({ node: fd, message: `${message} (not fixed: ${typeName} is exported and its lock methods may be used by importers; with --rename-exported it is changed when no other package of the module imports this one)` })
    return
  }
  const plan = planLockRename(ctx, typeName, mutex)
  if ('reason' in plan) {
    ctx.report({ node: fd, message: `${message} (not fixed: ${plan.reason})` })
    return
  }
  // Other packages can call the lock methods on values of the type without naming it: any importer stops the change.
  const elsewhere = isExported(typeName) ? importedByOtherPackages(ctx.pkg, ctx.path, `the lock methods of ${typeName}`) : null
  if (elsewhere) {
    ctx.report({ node: fd, message: `${message} (not fixed: ${elsewhere})` })
    return
  }
  const at = type.range().start.index
  const note = isExported(typeName) ? ' (no other package of the module imports this one)' : ''
  ctx.report({ node: fd, message: message + note, fix: { edits: [{ start: at, end: at, text: `${FIELD} ` }, ...plan.edits] } })
}

type Plan = { edits: Edit[] } | { reason: string }

function where(file: PackageFile, node: SgNode): string {
  return `${file.path.split('/').pop()}:${node.range().start.line + 1}`
}

/** The edits that move every use of the embedded lock to the field, or why that cannot be done for sure. */
function planLockRename(ctx: RuleContext, typeName: string, mutex: string): Plan {
  const pkg = ctx.pkg
  const struct = structOf(pkg, typeName)
  if (!struct) return { reason: `${typeName} is not a struct type of the package` }
  const fields = structFields(struct)
  if (fields.has(FIELD) || pkg.method(typeName, FIELD)) return { reason: `${typeName} already has a field or method named ${FIELD}` }
  const own = LOCK_METHODS.find((m) => pkg.method(typeName, m))
  if (own) return { reason: `${typeName} declares its own ${own} method` }
  const shadowing = [...fields.values()].find((t) => t !== `sync.${mutex}` && embedsField(pkg, baseTypeName(t), FIELD))
  if (shadowing) return { reason: `the embedded ${shadowing} already provides a ${FIELD}` }
  const embedder = embedderOf(pkg, typeName)
  if (embedder) return { reason: `${typeName} is embedded in ${embedder}, whose promoted lock methods would change too` }

  const names = new RegExp(`^(${[...LOCK_METHODS, mutex].join('|')})$`)
  const quick = new RegExp(`[.](?:${[...LOCK_METHODS, mutex].join('|')})\\b`)
  const edits: Edit[] = []
  const pkgName = pkg.file(ctx.path)?.packageName
  for (const file of pkg.files) {
    if (file.packageName !== pkgName || !quick.test(file.source)) continue
    const typer = new ExprTyper(pkg, file.path)
    for (const sel of file.root.findAll({ rule: { kind: 'selector_expression', has: { field: 'field', regex: names.source } } })) {
      const name = field(sel, 'field')!
      const operand = field(sel, 'operand')!
      const verdict = belongsTo(typer.of(operand), typeName)
      if (verdict === 'no') continue
      if (verdict === 'unknown') return { reason: `cannot tell the type of ${operand.text()} at ${where(file, sel)}` }
      const r = name.range()
      edits.push(name.text() === mutex ? { path: file.path, start: r.start.index, end: r.end.index, text: FIELD } : { path: file.path, start: r.start.index, end: r.start.index, text: `${FIELD}.` })
    }
    const keyed = literalKeyEdits(file, typer, typeName, mutex)
    if ('reason' in keyed) return keyed
    edits.push(...keyed.edits)
  }
  return { edits }
}

/** Whether a value of this type is the struct (or a pointer to it): yes, no, or unknown. */
function belongsTo(t: ReturnType<ExprTyper['of']>, typeName: string): 'yes' | 'no' | 'unknown' {
  if (!t) return 'unknown'
  const word = new RegExp(`\\b${typeName}\\b`)
  // Another package cannot name an unexported type, but a generic one may carry it (atomic.Pointer[T]).
  if ('external' in t) return word.test(t.external) ? 'unknown' : 'no'
  if (/^\**\w+(\[.*\])?$/s.test(t.type) === false) return word.test(t.type) ? 'unknown' : 'no'
  return baseTypeName(t.type) === typeName ? 'yes' : 'no'
}

/** `T{Mutex: …}` → `T{mu: …}`; a key spelled like the mutex in a literal of unknown type refuses the fix. */
function literalKeyEdits(file: PackageFile, typer: ExprTyper, typeName: string, mutex: string): Plan {
  if (!file.source.includes(`${mutex}:`)) return { edits: [] }
  const edits: Edit[] = []
  for (const keyed of file.root.findAll({ rule: { kind: 'keyed_element', has: { kind: 'literal_element', regex: `^${mutex}$` } } })) {
    const key = namedChildren(keyed)[0]
    if (key?.text() !== mutex) continue
    const literal = keyed.parent()?.parent()
    const t = literal?.kind() === 'composite_literal' ? typer.of(literal) : null
    const verdict = t ? belongsTo(t, typeName) : 'unknown'
    if (verdict === 'unknown') return { reason: `cannot tell the type of the literal with key ${mutex} at ${where(file, keyed)}` }
    if (verdict === 'yes') edits.push({ path: file.path, start: key.range().start.index, end: key.range().end.index, text: FIELD })
  }
  return { edits }
}

/** Whether a struct type of the package has `name` as a field (its own or one level down). */
function embedsField(pkg: PackageIndex, typeName: string, name: string): boolean {
  const struct = structOf(pkg, typeName)
  return !!struct && (structFields(struct).has(name) || !!pkg.method(typeName, name))
}

/** A struct type of the package that embeds `typeName` (or a pointer to it). */
function embedderOf(pkg: PackageIndex, typeName: string): string | null {
  if (!pkg.texts.some((t) => new RegExp(`^\\s*\\*?${typeName}\\s*(?:\\[.*\\])?\\s*(?:\`.*\`)?\\s*(?:\\/\\/.*)?$`, 'm').test(t))) return null
  for (const decl of pkg.decls.values()) {
    if (decl.kind !== 'type') continue
    const struct = structOf(pkg, decl.name)
    if (!struct) continue
    for (const fd of struct.findAll({ rule: { kind: 'field_declaration' } })) {
      if (field(fd, 'name')) continue
      if (baseTypeName(field(fd, 'type')?.text() ?? '') === typeName) return decl.name
    }
  }
  return null
}

export default codemod
