import type { SgNode } from '@ast-grep/napi'
import { declsOfStatement, lookupLocal, type Decl, type DeclKind } from '../gosyntax/scope.js'
import { field, namedChildren } from '../gosyntax/nodes.js'
import { fileHead, importSectionEnd, importsOf, type ImportInfo } from './imports.js'
import { anchorOf, TreeCache, type NodeAnchor } from './tree-cache.js'
import type { ImporterFile } from './importer-uses.js'

/** An import of a file, without its node (which would keep the file's tree in memory). */
export type FileImport = Omit<ImportInfo, 'spec'>

export interface PackageFile {
  readonly path: string
  readonly source: string
  /** The file's tree: parsed again when it was dropped to save memory. */
  readonly root: SgNode
  readonly packageName: string
  readonly isTest: boolean
  readonly imports: readonly FileImport[]
  /** Where the package clause and imports end: the text before it parses alone to the same nodes. */
  readonly headEnd: number
  /** The node at an anchor taken from this file's tree, in its current tree. */
  nodeAt(anchor: NodeAnchor): SgNode | null
}

export interface MethodInfo {
  readonly name: string
  readonly receiverType: string
  readonly pointerReceiver: boolean
  readonly node: SgNode
  readonly path: string
}

export interface PackageDecl extends Decl {
  path: string
}

/** A file of the package whose code no rule can see, and why. */
export interface UncheckedFile {
  path: string
  /** The end of a sentence about the file: "does not parse", "is over the size limit". */
  reason: string
  /** Its text, when it could be read, for a search of the names it mentions. */
  text?: string
}

export interface Occurrence {
  path: string
  node: SgNode
}

/**
 * What one Go package declares, built once per pass from all its files so
 * that rules can ask "is this name free", "which types are errors" and
 * "where is this name used" without reading files themselves.
 */
export class PackageIndex {
  readonly name: string
  readonly modulePath: string | undefined
  readonly importPath: string | undefined
  private readonly known: Map<string, PackageFile>
  private more: (() => PackageFile[]) | undefined
  private all: PackageFile[] | undefined
  private readonly declMap = new Map<string, PackageDecl>()
  private readonly methodMap = new Map<string, MethodInfo[]>()
  private byPath: Map<string, PackageFile> | undefined

  /** The text of every file the package may have, parsed or not: for cheap text tests. */
  readonly texts: readonly string[]

  /**
   * Files of the package (or of its directory) that are not analysed: they
   * did not parse, or could not be handed over as source. A change that
   * must reach every use of a name cannot be made while one of them may use it.
   */
  get unchecked(): readonly UncheckedFile[] {
    // Loading the rest of the package finds the files among them that do not parse.
    void this.files
    return this.uncheckedOf()
  }

  private readonly uncheckedOf: () => readonly UncheckedFile[]

  private readonly siblingsOf: () => PackageFile[]
  private siblingCache: PackageFile[] | undefined

  /**
   * Files of the other package in the same directory: the external test
   * package (`p_test`) of this one, or the package a `p_test` package tests.
   * They see only its exported names, through an import.
   */
  get siblings(): PackageFile[] {
    return (this.siblingCache ??= this.siblingsOf())
  }

  /** Files that may be read but never changed, and why (generated code). */
  readonly frozen: ReadonlyMap<string, string>

  private readonly importersOf: (() => readonly ImporterFile[]) | undefined
  private importerCache: readonly ImporterFile[] | undefined

  /**
   * The files of other packages of the module whose text names this
   * package's import path, with the names of the package each one uses;
   * undefined when they cannot be known (no go.mod, or the caller did not
   * say). Searched for the first time it is asked: only a rename of an
   * exported name needs it.
   */
  get importers(): readonly ImporterFile[] | undefined {
    if (!this.importersOf) return undefined
    return (this.importerCache ??= this.importersOf())
  }

  /**
   * `files` are parsed already; `more` parses the package's other files
   * (context files when only some files were named) the first time a rule
   * asks about the whole package, so a run on one file of a large package
   * parses the rest only when a rule needs it.
   */
  constructor(
    files: PackageFile[],
    info: {
      modulePath?: string
      importPath?: string
      name?: string
      texts?: readonly string[]
      unchecked?: () => readonly UncheckedFile[]
      frozen?: ReadonlyMap<string, string>
      siblings?: () => PackageFile[]
      importers?: () => readonly ImporterFile[]
    } = {},
    more?: () => PackageFile[],
  ) {
    this.known = new Map(files.map((f) => [f.path, f]))
    this.texts = info.texts ?? files.map((f) => f.source)
    this.uncheckedOf = info.unchecked ?? (() => [])
    this.frozen = info.frozen ?? new Map()
    this.siblingsOf = info.siblings ?? (() => [])
    this.importersOf = info.importers
    this.more = more
    this.name = info.name ?? files[0]?.packageName ?? ''
    this.modulePath = info.modulePath
    this.importPath = info.importPath
  }

  /** Every file of the package. */
  get files(): PackageFile[] {
    if (!this.all) {
      this.all = [...this.known.values(), ...(this.more?.() ?? [])]
      this.more = undefined
      for (const file of this.all) this.indexFile(file)
    }
    return this.all
  }

  get decls(): Map<string, PackageDecl> {
    void this.files
    return this.declMap
  }

  get methods(): Map<string, MethodInfo[]> {
    void this.files
    return this.methodMap
  }

  private indexFile(file: PackageFile): void {
    const cached = summarizeFile(file)
    for (const d of cached.decls) this.declMap.set(d.name, d)
    for (const m of cached.methods) {
      const list = this.methodMap.get(m.receiverType) ?? []
      list.push(m)
      this.methodMap.set(m.receiverType, list)
    }
  }

  private readonly namesCache = new Map<RegExp, string[]>()

  /**
   * The first group of every match of `re` (a global regex, kept in a
   * constant so the answer is remembered) in the package's texts, read
   * without parsing: for filters, which must not make the package parse.
   */
  namesInTexts(re: RegExp): string[] {
    let names = this.namesCache.get(re)
    if (!names) {
      names = [...new Set(this.texts.flatMap((t) => [...t.matchAll(re)].map((m) => m[1])))]
      this.namesCache.set(re, names)
    }
    return names
  }

  /** A file of the package; the files being checked are found without loading the rest. */
  file(path: string): PackageFile | undefined {
    const own = this.known.get(path)
    if (own) return own
    this.byPath ??= new Map(this.files.map((f) => [f.path, f]))
    return this.byPath.get(path)
  }

  /** Whether `name` is declared at package level or imported by any file. */
  isDeclared(name: string): boolean {
    return this.decls.has(name) || this.files.some((f) => f.imports.some((i) => i.localName === name))
  }

  /** The unchecked files that may use `name`: their text mentions it as a word, or could not be read. */
  uncheckedUses(name: string): UncheckedFile[] {
    const word = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(name)}(?![\\p{L}\\p{N}_])`, 'u')
    return this.unchecked.filter((f) => f.text === undefined || word.test(f.text))
  }

  method(typeName: string, methodName: string): MethodInfo | undefined {
    return this.methods.get(typeName)?.find((m) => m.name === methodName)
  }

  private errorTypeCache: Map<string, MethodInfo> | undefined

  /** Types of this package that have an `Error() string` method. */
  errorTypes(): Map<string, MethodInfo> {
    if (this.errorTypeCache) return this.errorTypeCache
    const out = new Map<string, MethodInfo>()
    this.errorTypeCache = out
    // Without the method's text anywhere, reading every file's declarations would find nothing.
    if (!this.texts.some((t) => /\bError\(\)\s*string\b/.test(t))) return out
    for (const [type, list] of this.methods) {
      const m = list.find((x) => x.name === 'Error' && isErrorSignature(x.node))
      if (m) out.set(type, m)
    }
    return out
  }

  /**
   * Every identifier spelled `name` in the package's files: the uses a
   * rename of a package-level name must change, all or none.
   */
  occurrences(name: string): Occurrence[] {
    const out: Occurrence[] = []
    const rule = { rule: { kind: 'identifier', regex: `^${escapeRegex(name)}$` } }
    for (const file of this.files) {
      if (!file.source.includes(name)) continue
      for (const node of file.root.findAll(rule)) out.push({ path: file.path, node })
    }
    return out
  }
}

/** What one file declares at package level; files that did not change between passes keep theirs. */
const fileIndexCache = new WeakMap<PackageFile, { decls: PackageDecl[]; methods: MethodInfo[] }>()

/**
 * What one file declares at package level, read from its tree once; a
 * caller about to let the tree go asks for it first, so that indexing the
 * package later need not parse the file again.
 */
export function summarizeFile(file: PackageFile): { decls: PackageDecl[]; methods: MethodInfo[] } {
  let summary = fileIndexCache.get(file)
  if (!summary) fileIndexCache.set(file, (summary = readFileDecls(file)))
  return summary
}

function readFileDecls(file: PackageFile): { decls: PackageDecl[]; methods: MethodInfo[] } {
  const decls: PackageDecl[] = []
  const methods: MethodInfo[] = []
  for (const top of namedChildren(file.root)) {
    const kind = top.kind()
    if (kind === 'function_declaration') {
      const name = field(top, 'name')
      if (name && name.text() !== 'init' && name.text() !== '_') decls.push(new AnchoredDecl(file, { name: name.text(), kind: 'func', ident: name, decl: top }))
    } else if (kind === 'method_declaration') {
      const m = readMethod(file, top)
      if (m) methods.push(m)
    } else {
      for (const d of declsOfStatement(top)) if (d.name !== '_') decls.push(new AnchoredDecl(file, d))
    }
  }
  return { decls, methods }
}

/**
 * A package-level declaration that holds where its nodes are rather than
 * the nodes, which would keep its file's tree alive for as long as the
 * package is processed.
 */
class AnchoredDecl implements PackageDecl {
  readonly name: string
  readonly kind: DeclKind
  readonly type?: string
  readonly path: string
  private readonly at: { ident: NodeAnchor; decl: NodeAnchor; value?: NodeAnchor; multi?: { expr: NodeAnchor; index: number; count: number } }

  constructor(
    private readonly file: PackageFile,
    d: Decl,
  ) {
    this.name = d.name
    this.kind = d.kind
    this.type = d.type
    this.path = file.path
    this.at = {
      ident: anchorOf(d.ident),
      decl: anchorOf(d.decl),
      value: d.value && anchorOf(d.value),
      multi: d.multiValue && { expr: anchorOf(d.multiValue.expr), index: d.multiValue.index, count: d.multiValue.count },
    }
  }

  get ident(): SgNode {
    return this.file.nodeAt(this.at.ident)!
  }

  get decl(): SgNode {
    return this.file.nodeAt(this.at.decl)!
  }

  get value(): SgNode | undefined {
    return this.at.value && this.file.nodeAt(this.at.value)!
  }

  get multiValue(): Decl['multiValue'] {
    const m = this.at.multi
    return m && { expr: this.file.nodeAt(m.expr)!, index: m.index, count: m.count }
  }
}

class AnchoredMethod implements MethodInfo {
  readonly path: string
  private readonly at: NodeAnchor

  constructor(
    private readonly file: PackageFile,
    method: SgNode,
    readonly name: string,
    readonly receiverType: string,
    readonly pointerReceiver: boolean,
  ) {
    this.path = file.path
    this.at = anchorOf(method)
  }

  get node(): SgNode {
    return this.file.nodeAt(this.at)!
  }
}

function readMethod(file: PackageFile, method: SgNode): MethodInfo | null {
  const name = field(method, 'name')?.text()
  const receiver = field(method, 'receiver')
  const param = receiver ? namedChildren(receiver).find((c) => c.kind() === 'parameter_declaration') : undefined
  const typeText = param ? field(param, 'type')?.text() : undefined
  if (!name || !typeText) return null
  const receiverType = typeText.replace(/^\*/, '').replace(/\[.*$/, '').trim()
  return new AnchoredMethod(file, method, name, receiverType, typeText.startsWith('*'))
}

function isErrorSignature(method: SgNode): boolean {
  const params = field(method, 'parameters')
  const result = field(method, 'result')
  return !!params && namedChildren(params).length === 0 && result?.text() === 'string'
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Reads what the package index needs from one parsed file. With `trees`,
 * the file's tree is the one `trees` keeps (or parses again); without, the
 * file holds `root` itself.
 */
export function describeFile(path: string, source: string, root: SgNode, trees: TreeCache = new TreeCache()): PackageFile {
  if (!trees.holds(path, source)) trees.put(path, source, root)
  const head = fileHead(root)
  const clause = head.find((c) => c.kind() === 'package_clause')
  const packageName = clause ? namedChildren(clause)[0]?.text() ?? '' : ''
  const imports = importsOf(root).map(({ spec: _, ...rest }) => rest)
  return {
    path,
    source,
    packageName,
    imports,
    headEnd: importSectionEnd(root, head),
    isTest: path.endsWith('_test.go'),
    get root() {
      return trees.root(path, source)
    },
    nodeAt(anchor) {
      return trees.nodeAt(path, source, anchor)
    },
  }
}

/**
 * The import path a package name refers to in a file. A name bound by no
 * import and declared nowhere can only be the standard package of that name
 * in code that compiles, so snippets without imports still resolve.
 */
export function importPathOfName(pkg: PackageIndex, path: string, name: string): string | undefined {
  return importedAs(pkg, path, name) ?? (pkg.decls.has(name) ? undefined : name)
}

/** The path of the file's import that goes by `name`, if any. */
function importedAs(pkg: PackageIndex, path: string, name: string): string | undefined {
  return pkg.file(path)?.imports.find((i) => i.localName === name)?.path
}

/**
 * The import path a package name used at `ident` (as in `json.Unmarshal`)
 * refers to, unless a local declaration shadows it. With `wanted`, only a
 * path it accepts is returned, and scope and declarations (which may parse
 * the whole package) are looked at only for such a name: most operands are
 * local variables.
 */
export function packagePathAt(pkg: PackageIndex, path: string, ident: SgNode, wanted?: (path: string) => boolean): string | undefined {
  const name = ident.text()
  const file = pkg.file(path)
  if (wanted && !wanted(importedAs(pkg, path, name) ?? name)) return undefined
  if (file && mayBeShadowed(file, name) && lookupLocal(ident, name)) return undefined
  return importPathOfName(pkg, path, name)
}

const shadowCache = new WeakMap<PackageFile, Map<string, boolean>>()

/**
 * Whether the file mentions `name` anywhere but as `name.` or in an import
 * path: only then can a local declaration hide the package, and only then is
 * the (costly) walk up the scopes worth it.
 */
export function mayBeShadowed(file: PackageFile, name: string): boolean {
  let cache = shadowCache.get(file)
  if (!cache) shadowCache.set(file, (cache = new Map()))
  let answer = cache.get(name)
  if (answer === undefined) {
    answer = new RegExp(`(^|[^A-Za-z0-9_"/.])${escapeRegex(name)}(?![A-Za-z0-9_."])`).test(file.source)
    cache.set(name, answer)
  }
  return answer
}
