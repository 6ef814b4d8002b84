import type { SgNode } from '@ast-grep/napi'
import { field } from '../gosyntax/nodes.js'
import { firstSyntaxError, parseGo } from '../gosyntax/parse.js'
import { lookupLocal } from '../gosyntax/scope.js'
import { importsOf } from './imports.js'
import { escapeRegex } from './package-index.js'

/**
 * A file of another package of the module whose text names the import path
 * of the package being processed, as the runner read it: the engine never
 * reads files itself.
 */
export interface ImporterSource {
  path: string
  /** How messages name the file (relative to the working directory, forward slashes). */
  display: string
  /** Its text (LF line endings); undefined when the file could not be read at all. */
  text?: string
  /** Why it cannot be analysed as source ("is over the size limit"); its text, if any, may still be searched. */
  unreadable?: string
  /** Why it may not be changed ("is generated code"). */
  frozen?: string
}

/** What one file of another package does with the package being processed, read once and without its tree. */
export interface ImporterFile {
  display: string
  /** Why its uses cannot be known ("does not parse"): then only a search of its text can tell. */
  unchecked?: string
  /** Its text, for that search; undefined when it could not be read. */
  text?: string
  frozen?: string
  /** Whether it imports the package under a name its code can use (neither `_` nor `.`). */
  imports: boolean
  /** Whether it dot-imports the package, so that uses are bare names no search can tell apart. */
  dotImport: boolean
  /** Names of the package it uses as `p.Name` (expressions and qualified types), each with its 1-based lines. */
  uses: ReadonlyMap<string, readonly number[]>
}

/**
 * Reads which names of the package at `importPath` (declared as `packageName`)
 * a file uses, through its import of the package under whatever name: an
 * alias, the package's own name (which the path need not spell), never a
 * local variable that shadows it.
 */
export function readImporter(source: ImporterSource, importPath: string, packageName: string): ImporterFile {
  const base = { display: source.display, text: source.text, frozen: source.frozen, imports: false, dotImport: false, uses: new Map<string, number[]>() }
  if (source.unreadable || source.text === undefined) return { ...base, unchecked: source.unreadable ?? 'could not be read' }
  const root = parseGo(source.text).root()
  if (firstSyntaxError(root)) return { ...base, unchecked: 'does not parse' }
  const imp = importsOf(root).find((i) => i.path === importPath)
  if (!imp || imp.name === '_') return base
  if (imp.name === '.') return { ...base, dotImport: true }
  const local = imp.name ?? packageName
  const uses = new Map<string, number[]>()
  const add = (name: SgNode) => {
    const line = name.range().start.line + 1
    const lines = uses.get(name.text())
    if (lines) lines.push(line)
    else uses.set(name.text(), [line])
  }
  for (const n of packageUses(root, local)) add(n)
  return { ...base, imports: true, uses }
}

/**
 * The names a file uses through the package name `local` (`local.Name` in
 * expressions, where no local variable hides it, and in types), as the
 * name nodes; only those spelled `name` when it is given.
 */
export function packageUses(root: SgNode, local: string, name?: string): SgNode[] {
  const named = (part: string) => (name === undefined ? [] : [{ has: { field: part, regex: `^${escapeRegex(name)}$` } }])
  const operand = `^${escapeRegex(local)}$`
  const out: SgNode[] = []
  for (const sel of root.findAll({ rule: { kind: 'selector_expression', all: [{ has: { field: 'operand', kind: 'identifier', regex: operand } }, ...named('field')] } })) {
    // `store.X` where a local `store` hides the import is a field of that value.
    if (!lookupLocal(field(sel, 'operand')!, local)) out.push(field(sel, 'field')!)
  }
  for (const t of root.findAll({ rule: { kind: 'qualified_type', all: [{ has: { field: 'package', regex: operand } }, ...named('name')] } })) out.push(field(t, 'name')!)
  return out
}
