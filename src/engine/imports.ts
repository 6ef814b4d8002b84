import type { SgNode } from '@ast-grep/napi'
import { field, lineEndOf as lineEnd, lineStartOf as lineStart, namedChildren } from '../gosyntax/nodes.js'
import { parseGo } from '../gosyntax/parse.js'

export interface ImportInfo {
  path: string
  /** Explicit name (`_`, `.`, or an alias), when written. */
  name: string | null
  /** The name code uses to refer to the package. */
  localName: string
  spec: SgNode
}

/** Standard library import paths have no dot in their first element. */
export function isStdlib(path: string): boolean {
  return !path.split('/')[0].includes('.')
}

/** The name a package is known by when imported without an alias. */
export function defaultImportName(path: string): string {
  const parts = path.split('/')
  let last = parts[parts.length - 1]
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]
  return last.replace(/^go-/, '').replace(/[.-].*$/, '')
}

/**
 * The package clause and import declarations at the head of a file, read
 * child by child: imports must come before any other declaration, so the
 * rest of the file is never visited.
 */
export function fileHead(root: SgNode): SgNode[] {
  const out: SgNode[] = []
  for (let i = 0; ; i++) {
    const child = root.child(i)
    if (!child) break
    const kind = child.kind()
    if (kind === 'package_clause' || kind === 'import_declaration') out.push(child)
    else if (kind !== 'comment' && child.isNamed()) break
  }
  return out
}

export function importsOf(root: SgNode): ImportInfo[] {
  const out: ImportInfo[] = []
  for (const decl of fileHead(root)) {
    if (decl.kind() !== 'import_declaration') continue
    for (const spec of decl.findAll({ rule: { kind: 'import_spec' } })) {
      const pathNode = field(spec, 'path')
      if (!pathNode) continue
      const path = pathNode.text().slice(1, -1)
      const name = field(spec, 'name')?.text() ?? null
      out.push({ path, name, localName: name ?? defaultImportName(path), spec })
    }
  }
  return out
}

function specLine(path: string): string {
  return `\t"${path}"\n`
}

/** A text change of the import section, in offsets of the text it was computed on. */
export interface ImportEdit {
  start: number
  end: number
  text: string
}

/**
 * Adds imports the way gofmt and goimports lay them out: a parenthesised
 * block, the standard library in its own sorted group first. Paths already
 * imported (under any name) are left alone.
 */
export function addImports(source: string, paths: readonly string[], root: SgNode = parseGo(source).root()): string {
  const edits = importEdits(source, paths, root)
  if (edits === null) {
    const opened = source.replace(/import\s*\(\s*\)/, 'import (\n)')
    return opened === source ? source : addImports(opened, paths)
  }
  let out = source
  for (const e of [...edits].sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

/**
 * The edits that add `paths` to the imports of a parsed file; null for the
 * one shape it does not handle in place (an empty `import ()` on one line).
 * As edits, they can join a fix's own edits and spare a parse.
 */
export function importEdits(source: string, paths: readonly string[], root: SgNode): ImportEdit[] | null {
  const existing = new Set(importsOf(root).map((i) => i.path))
  const wanted = [...new Set(paths)].filter((p) => !existing.has(p)).sort()
  if (wanted.length === 0) return []

  const top = fileHead(root)
  const decls = top.filter((c) => c.kind() === 'import_declaration')
  if (decls.length === 0) {
    const clause = top.find((c) => c.kind() === 'package_clause')
    if (!clause) return []
    const at = clause.range().end.index
    const block = wanted.length === 1 ? `import "${wanted[0]}"` : `import (\n${wanted.map(specLine).join('')})`
    return [{ start: at, end: at, text: `\n\n${block}` }]
  }

  const decl = decls.find((d) => namedChildren(d).some((c) => c.kind() === 'import_spec_list')) ?? decls[0]
  const list = namedChildren(decl).find((c) => c.kind() === 'import_spec_list')
  if (!list) return [rewriteSingleImport(decl, wanted)]
  return insertIntoBlock(source, list, wanted)
}

/** Where the import section ends: edits after this point leave the import edits' offsets valid. */
export function importSectionEnd(root: SgNode, head: readonly SgNode[] = fileHead(root)): number {
  return head.length > 0 ? head[head.length - 1].range().end.index : 0
}

function rewriteSingleImport(decl: SgNode, wanted: string[]): ImportEdit {
  const spec = namedChildren(decl).find((c) => c.kind() === 'import_spec')!
  const specText = spec.text()
  const specPath = field(spec, 'path')!.text().slice(1, -1)
  const std = wanted.filter(isStdlib)
  const other = wanted.filter((p) => !isStdlib(p))
  const entries = (paths: string[]) => paths.map((p) => ({ key: p, line: specLine(p) }))
  const own = { key: specPath, line: `\t${specText}\n` }
  const stdGroup = entries(std)
  const otherGroup = entries(other)
  ;(isStdlib(specPath) ? stdGroup : otherGroup).push(own)
  const groups = [stdGroup, otherGroup]
    .filter((g) => g.length > 0)
    .map((g) => g.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => e.line).join(''))
  const r = decl.range()
  return { start: r.start.index, end: r.end.index, text: `import (\n${groups.join('\n')})` }
}

function insertIntoBlock(source: string, list: SgNode, wanted: string[]): ImportEdit[] | null {
  const specs = namedChildren(list).filter((c) => c.kind() === 'import_spec')
  if (specs.length === 0 && !list.text().includes('\n')) return null
  const groups: SgNode[][] = []
  let prevLine = -2
  for (const spec of specs) {
    const line = spec.range().start.line
    if (groups.length === 0 || line > prevLine + 1) groups.push([])
    groups[groups.length - 1].push(spec)
    prevLine = spec.range().end.line
  }
  const pathOf = (spec: SgNode) => field(spec, 'path')!.text().slice(1, -1)
  // Insertions at one point keep their order (the paths are sorted), so they are joined into one edit.
  const inserts = new Map<number, string>()
  const insert = (at: number, text: string) => inserts.set(at, (inserts.get(at) ?? '') + text)
  const std = wanted.filter(isStdlib)
  const other = wanted.filter((p) => !isStdlib(p))

  const placeInGroup = (group: SgNode[], paths: string[]) => {
    for (const p of paths) {
      const before = group.find((s) => pathOf(s) > p)
      insert(before ? lineStart(source, before.range().start.index) : lineEnd(source, group[group.length - 1].range().end.index), specLine(p))
    }
  }

  const stdGroup = groups.find((g) => g.every((s) => isStdlib(pathOf(s))))
  const otherGroup = groups.find((g) => g.every((s) => !isStdlib(pathOf(s))))
  const listStart = lineEnd(source, list.range().start.index)
  if (std.length > 0) {
    if (stdGroup) placeInGroup(stdGroup, std)
    else if (specs.length === 0) insert(listStart, std.map(specLine).join(''))
    else insert(lineStart(source, specs[0].range().start.index), std.map(specLine).join('') + '\n')
  }
  if (other.length > 0) {
    if (otherGroup) placeInGroup(otherGroup, other)
    else if (specs.length === 0 && std.length === 0) insert(listStart, other.map(specLine).join(''))
    else {
      const last = specs.length > 0 ? lineEnd(source, specs[specs.length - 1].range().end.index) : listStart
      insert(last, (specs.length > 0 || std.length > 0 ? '\n' : '') + other.map(specLine).join(''))
    }
  }
  return [...inserts].map(([at, text]) => ({ start: at, end: at, text }))
}

/**
 * Removes imports that nothing refers to any more (after a fix replaced the
 * last use). Blank and dot imports are never removed.
 */
export function removeUnusedImports(source: string, paths: readonly string[]): string {
  let root = parseGo(source).root()
  let out = source
  for (const path of paths) {
    const imp = importsOf(root).find((i) => i.path === path)
    if (!imp || imp.name === '_' || imp.name === '.') continue
    if (isNameReferenced(root, imp.localName)) continue
    const spec = imp.spec
    const parent = spec.parent()
    let start: number
    let end: number
    if (parent?.kind() === 'import_spec_list' && namedChildren(parent).filter((c) => c.kind() === 'import_spec').length > 1) {
      start = lineStart(out, spec.range().start.index)
      end = lineEnd(out, spec.range().end.index)
    } else {
      const decl = parent?.kind() === 'import_spec_list' ? parent.parent()! : parent!
      start = decl.range().start.index
      end = lineEnd(out, decl.range().end.index)
      while (out[end] === '\n') end++
    }
    out = out.slice(0, start) + out.slice(end)
    out = collapseBlankImportLines(out)
    root = parseGo(out).root()
  }
  return out
}

/**
 * `import (\n\t"p"\n)` → `import "p"`: the block a fix made out of a lone
 * import (to add a path beside it) and then emptied of that import again.
 * Only a file whose imports are that one block with one spec and no comment
 * changes.
 */
export function collapseLoneImportBlock(source: string): string {
  const m = /^import \(\n\t((?:[A-Za-z_.][A-Za-z0-9_]* )?"[^"\n]+")\n\)$/m.exec(source)
  if (!m || (source.match(/^import\b/gm) ?? []).length !== 1) return source
  return source.slice(0, m.index) + `import ${m[1]}` + source.slice(m.index + m[0].length)
}

function isNameReferenced(root: SgNode, name: string): boolean {
  const re = `^${name}$`
  return (
    root.find({ rule: { kind: 'identifier', regex: re, inside: { kind: 'selector_expression', field: 'operand' } } }) !== null ||
    root.find({ rule: { kind: 'package_identifier', regex: re, inside: { kind: 'qualified_type' } } }) !== null
  )
}

/** After a removal, an import group may be left with two blank lines in a row or a blank line at an edge. */
function collapseBlankImportLines(source: string): string {
  return source.replace(/import \(\n((?:[^)]|\)(?!\n))*)\)\n/, (block, body: string) => {
    const cleaned = body.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n\n+$/, '\n')
    return `import (\n${cleaned})\n`
  })
}
