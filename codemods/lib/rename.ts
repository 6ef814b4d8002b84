import type { SgNode } from '@ast-grep/napi'
import type { Edit } from '../../src/codemod/types.js'
import { packageUses, type ImporterFile } from '../../src/engine/importer-uses.js'
import type { PackageDecl, PackageFile, PackageIndex } from '../../src/engine/package-index.js'
import { escapeRegex } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Renaming a package-level name (var, const, func or type) at every use in
 * its package: all files of the package, test files of the same package
 * included. A rename changes every use or nothing: as soon as one
 * occurrence cannot be classified for sure, the plan says why and no edit
 * is produced. Files no rule can see count: a file that does not parse or
 * could not be read as source and mentions the name (or cannot be read at
 * all), or generated code that uses it, stops the rename.
 *
 * An exported name is renamed in the directory's external test package
 * (`p_test`) too, at its `p.Name` uses. The other packages of the module
 * that import the package are searched as well (the whole module, not only
 * the paths being checked), but never changed: each directory is fixed and
 * written on its own, so a rename that would have to reach another
 * directory is refused, naming where the name is used there. The same goes
 * when such a use cannot be ruled out: a dot import, a file that does not
 * parse or cannot be read, no go.mod to tell who imports the package.
 * Importers outside the module are not known; that is why renaming exported
 * names is opt-in. Comments other than the declaration's own doc comment
 * are not changed.
 */
export type RenamePlan = { ok: true; edits: Edit[] } | { ok: false; reason: string }

const KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto',
  'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var',
])

const PREDECLARED = new Set([
  'any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8', 'int16',
  'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'true', 'false', 'iota',
  'nil', 'append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new',
  'panic', 'print', 'println', 'real', 'recover', 'init', '_',
])

const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m

/** Composite literal types whose keys are expressions rather than field names. */
const KEYED_BY_VALUE = new Set(['map_type', 'slice_type', 'array_type', 'implicit_length_array_type'])

/** The edits of a package-wide rename, or null when it cannot be done safely. */
export function renameInPackage(pkg: PackageIndex, name: string, newName: string): Edit[] | null {
  const plan = planRename(pkg, name, newName)
  return plan.ok ? plan.edits : null
}

/** Like renameInPackage, but says why a rename is refused (for finding messages). */
export function planRename(pkg: PackageIndex, name: string, newName: string): RenamePlan {
  const refuse = (reason: string): RenamePlan => ({ ok: false, reason })
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(newName) || KEYWORDS.has(newName)) return refuse(`${newName} is not a usable identifier`)
  if (PREDECLARED.has(newName)) return refuse(`${newName} is a predeclared name`)
  if (newName === name) return refuse('the name does not change')
  const decl = pkg.decls.get(name)
  if (!decl || !['var', 'const', 'func', 'type'].includes(decl.kind)) return refuse(`${name} is not a package-level declaration`)
  if (pkg.isDeclared(newName)) return refuse(`${newName} is already declared or imported in the package`)
  if (pkg.files.some((f) => f.imports.some((i) => i.path === 'C'))) return refuse('the package uses cgo, whose C code may refer to Go names')
  if (/^\p{Lu}/u.test(newName) && pkg.files.some((f) => f.imports.some((i) => i.name === '.'))) {
    return refuse(`a dot import in the package may already provide ${newName}`)
  }

  // A file the rename cannot see (not parsing, not readable as source) may hold a use it would miss.
  const unseen = pkg.uncheckedUses(name)
  if (unseen.length > 0) return refuse(`${basename(unseen[0].path)} ${unseen[0].reason} and may use ${name}`)
  const unseenNew = pkg.uncheckedUses(newName)
  if (unseenNew.length > 0) return refuse(`${basename(unseenNew[0].path)} ${unseenNew[0].reason} and may declare or use ${newName}`)

  const edits: Edit[] = []
  const declStart = decl.ident.range().start.index
  for (const file of pkg.files) {
    if (file.source.includes(newName)) {
      const clash = file.root.find({ rule: { any: [{ kind: 'identifier' }, { kind: 'type_identifier' }], regex: `^${escapeRegex(newName)}$` } })
      if (clash) return refuse(`${newName} is already used at ${where(file, clash)}`)
    }
    if (!file.source.includes(name)) continue
    const word = wordRegex(name)
    if (file.source.split('\n').some((line) => /^\/\/go:linkname\s/.test(line) && word.test(line))) {
      return refuse(`a //go:linkname directive in ${basename(file.path)} names it`)
    }
    const kinds = decl.kind === 'type' ? [{ kind: 'identifier' }, { kind: 'type_identifier' }] : [{ kind: 'identifier' }]
    const nodes = file.root.findAll({ rule: { any: kinds, regex: `^${escapeRegex(name)}$` } })
    const frozen = pkg.frozen.get(file.path) ?? (GENERATED.test(file.source) ? 'is generated code' : undefined)
    if (nodes.length > 0 && frozen) return refuse(`${basename(file.path)} ${frozen} that uses ${name}`)
    for (const node of nodes) {
      // `other.T` names another package's T.
      if (node.parent()?.kind() === 'qualified_type') continue
      const isDecl = file.path === decl.path && node.range().start.index === declStart
      if (!isDecl) {
        const problem = occurrenceProblem(node, decl)
        if (problem) return refuse(`${name} ${problem} at ${where(file, node)}`)
      }
      const r = node.range()
      edits.push({ path: file.path, start: r.start.index, end: r.end.index, text: newName })
    }
    if (decl.kind === 'type') {
      const embedded = embeddingOf(file.root, name)
      if (embedded) return refuse(`${name} is embedded as a field at ${where(file, embedded)}, so the field name would change too`)
    }
  }
  const declFile = pkg.file(decl.path)
  if (declFile) edits.push(...docCommentEdits(declFile, decl, name, newName))
  if (/^\p{Lu}/u.test(name)) {
    const outside = siblingEdits(pkg, name, newName)
    if (!outside.ok) return outside
    edits.push(...outside.edits)
    // Last: it may search the whole module, which is worth it only for a rename that can otherwise be done.
    const elsewhere = usedByOtherPackages(pkg, decl.path, name)
    if (elsewhere) return refuse(elsewhere)
  }
  return { ok: true, edits }
}

/** How many uses in other packages a refusal names before it only counts the rest. */
const SHOWN_USES = 3

/**
 * The files of other packages of the module that may import the package, or
 * why they cannot be known; null when no other package can see a name
 * declared in `declPath` (a main package, a name of a test file).
 */
function otherPackages(pkg: PackageIndex, declPath: string): { files: readonly ImporterFile[] } | { reason: string } | null {
  if (pkg.name === 'main' || pkg.name.endsWith('_test') || declPath.endsWith('_test.go')) return null
  const files = pkg.importers
  if (files) return { files }
  return {
    reason: pkg.importPath
      ? `the packages of the module that may import ${pkg.name} were not searched`
      : `without a go.mod the packages that may import ${pkg.name} cannot be found`,
  }
}

/** Why a file of another package may use `name` without the search telling where (a dot import, a file it cannot read). */
function doubtIn(pkg: PackageIndex, file: ImporterFile, name: string): string | null {
  const mentions = file.text === undefined || wordRegex(name).test(file.text)
  if (file.unchecked && mentions) return `${file.display} ${file.unchecked} and may use ${name}`
  if (file.dotImport && mentions) return `${file.display} dot-imports ${pkg.name}, so its uses of ${name} cannot be told apart`
  return null
}

function listed(places: readonly string[]): string {
  const more = places.length > SHOWN_USES ? ` and ${places.length - SHOWN_USES} more` : ''
  return places.slice(0, SHOWN_USES).join(', ') + more
}

/**
 * Why other packages of the module keep an exported name declared in
 * `declPath` from being renamed, or null when none uses it. Only the
 * directory being processed can be changed, so any use elsewhere stops it.
 */
export function usedByOtherPackages(pkg: PackageIndex, declPath: string, name: string): string | null {
  const outside = otherPackages(pkg, declPath)
  if (!outside || 'reason' in outside) return outside?.reason ?? null
  const uses: string[] = []
  let doubt: string | null = null
  for (const file of outside.files) {
    for (const line of file.uses.get(name) ?? []) uses.push(`${file.display}:${line}${file.frozen ? ` (${file.frozen.replace(/^is /, '')})` : ''}`)
    doubt ??= doubtIn(pkg, file, name)
  }
  if (uses.length > 0) return `${name} is used in other packages of the module, which a rename here cannot change: ${listed(uses)}`
  return doubt
}

/**
 * Why a change to what an exported type of the package offers (its method
 * set), declared in `declPath`, may break another package of the module,
 * or null when no other package imports it. Values of the type reach code
 * that never names it, so any importer counts.
 */
export function importedByOtherPackages(pkg: PackageIndex, declPath: string, what: string): string | null {
  const outside = otherPackages(pkg, declPath)
  if (!outside || 'reason' in outside) return outside?.reason ?? null
  const importers = outside.files.filter((f) => f.imports || f.dotImport).map((f) => f.display)
  if (importers.length > 0) return `other packages of the module import ${pkg.name} and may rely on ${what}: ${listed(importers)}`
  const unread = outside.files.find((f) => f.unchecked)
  return unread ? `${unread.display} ${unread.unchecked} and may import ${pkg.name}` : null
}

/**
 * `p.Name` → `p.NewName` in the external test package of the directory,
 * where `p` is that file's import of this package. Refused when the import
 * path of the package is unknown (no go.mod) or a use cannot be told apart.
 */
function siblingEdits(pkg: PackageIndex, name: string, newName: string): RenamePlan {
  const edits: Edit[] = []
  for (const file of pkg.siblings) {
    if (!file.source.includes(name)) continue
    const frozen = pkg.frozen.get(file.path) ?? (GENERATED.test(file.source) ? 'is generated code' : undefined)
    if (!pkg.importPath) return { ok: false, reason: `${basename(file.path)} of package ${file.packageName} may use ${name}, and without a go.mod its import of this package cannot be found` }
    const imp = file.imports.find((i) => i.path === pkg.importPath)
    if (!imp) continue
    if (imp.name === '.') return { ok: false, reason: `${basename(file.path)} dot-imports the package` }
    // Unnamed, the import goes by the package's own name, which its path need not spell.
    const local = imp.name ?? pkg.name
    for (const use of packageUses(file.root, local, name)) {
      if (frozen) return { ok: false, reason: `${basename(file.path)} ${frozen} that uses ${name}` }
      const r = use.range()
      edits.push({ path: file.path, start: r.start.index, end: r.end.index, text: newName })
    }
  }
  return { ok: true, edits }
}

/** Why one occurrence (not the declaration) cannot simply be renamed, or null when it is a plain use. */
function occurrenceProblem(node: SgNode, decl: PackageDecl): string | null {
  if (node.kind() === 'type_identifier' && decl.kind !== 'type') return 'is also declared as a local type'
  if (isDeclaringIdentifier(node)) return 'is also declared locally'
  const parent = node.parent()
  if (parent?.kind() === 'literal_element' && isKey(parent)) {
    const literal = parent.parent()?.parent()?.parent()
    const type = literal?.kind() === 'composite_literal' ? field(literal, 'type') : null
    if (!type || !KEYED_BY_VALUE.has(String(type.kind()))) return 'is used as a composite literal key that may be a struct field name'
  }
  if (lookupLocal(node, node.text())) return 'is shadowed by a local declaration'
  return null
}

function isKey(element: SgNode): boolean {
  const keyed = element.parent()
  return keyed?.kind() === 'keyed_element' && namedChildren(keyed)[0]?.id() === element.id()
}

/** Whether the identifier introduces a name (parameter, local var/const/type, := target, type parameter, …). */
function isDeclaringIdentifier(node: SgNode): boolean {
  const parent = node.parent()
  if (!parent) return false
  switch (parent.kind()) {
    case 'parameter_declaration':
    case 'variadic_parameter_declaration':
    case 'type_parameter_declaration':
    case 'var_spec':
    case 'const_spec':
    case 'type_spec':
    case 'type_alias':
    case 'function_declaration':
      return isNameField(parent, node)
    case 'expression_list': {
      const owner = parent.parent()
      if (owner?.kind() === 'type_switch_statement') return field(owner, 'alias')?.id() === parent.id()
      if (!owner || field(owner, 'left')?.id() !== parent.id()) return false
      const k = owner.kind()
      if (k === 'short_var_declaration') return true
      if (k === 'range_clause' || k === 'receive_statement') return owner.children().some((c) => c.text() === ':=')
      return false
    }
    case 'range_clause':
    case 'receive_statement':
      return field(parent, 'left')?.id() === node.id() && parent.children().some((c) => c.text() === ':=')
    case 'short_var_declaration':
      return field(parent, 'left')?.id() === node.id()
    case 'type_switch_statement':
      return field(parent, 'alias')?.id() === node.id()
    default:
      return false
  }
}

function isNameField(parent: SgNode, node: SgNode): boolean {
  let names: SgNode[] = []
  try {
    names = parent.fieldChildren('name')
  } catch {
    return false
  }
  return names.some((n) => n.id() === node.id())
}

/** A struct field that embeds the type `name` (or `*name`): renaming the type renames the field. */
function embeddingOf(root: SgNode, name: string): SgNode | null {
  for (const fd of root.findAll({ rule: { kind: 'field_declaration' } })) {
    if (field(fd, 'name')) continue
    const type = field(fd, 'type')
    if (!type) continue
    const base = type.kind() === 'pointer_type' ? namedChildren(type)[0] : type
    const ident = base?.kind() === 'generic_type' ? field(base, 'type') : base
    if (ident?.kind() === 'type_identifier' && ident.text() === name) return fd
  }
  return null
}

/** Whole-word mentions of the old name in the declaration's doc comment. */
function docCommentEdits(file: PackageFile, decl: PackageDecl, name: string, newName: string): Edit[] {
  let anchor = decl.decl
  const parent = anchor.parent()
  // A lone spec (`var X = …`) carries its comment on the declaration; a spec in a group on itself.
  if (parent && /_declaration$/.test(String(parent.kind())) && !parent.children().some((c) => c.text() === '(')) anchor = parent
  const edits: Edit[] = []
  let line = anchor.range().start.line
  for (let prev = anchor.prev(); prev && prev.kind() === 'comment' && prev.range().end.line === line - 1; prev = prev.prev()) {
    const start = prev.range().start.index
    for (const m of prev.text().matchAll(wordRegex(name, 'g'))) {
      edits.push({ path: file.path, start: start + m.index!, end: start + m.index! + name.length, text: newName })
    }
    line = prev.range().start.line
  }
  return edits
}

function wordRegex(name: string, flags = ''): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(name)}(?![\\p{L}\\p{N}_])`, `u${flags}`)
}

function basename(path: string): string {
  return path.split('/').pop() ?? path
}

function where(file: PackageFile, node: SgNode): string {
  const p = node.range().start
  return `${basename(file.path)}:${p.line + 1}`
}
