import type { SgNode } from '@ast-grep/napi'
import type { Codemod, Edit, Finding, Prefilter, Report, RuleContext, Tier } from '../codemod/types.js'
import { firstSyntaxError, parseGo } from '../gosyntax/parse.js'
import { gateAllows, type GoVersion, compareGoVersions, compareModuleVersions, parseGoVersion } from './go-version.js'
import { addImports, collapseLoneImportBlock, defaultImportName, importEdits, importsOf, removeUnusedImports } from './imports.js'
import { describeFile, mayBeShadowed, PackageIndex, summarizeFile, type FileImport, type PackageFile, type UncheckedFile } from './package-index.js'
import { applyEdits, onlySwapsWords, resolveOverlaps, type PendingFix } from './edits.js'
import { lookupLocal } from '../gosyntax/scope.js'
import { findDirectives, Suppressions, type Directive } from './suppress.js'
import { removalEdit, unusedDirectives, unusedMessage } from './unused-ignores.js'
import { UNUSED_IGNORE, unusedIgnoreMeta } from '../codemod/engine-checks.js'
import { positionAt } from './positions.js'
import { timed } from './timing.js'
import { changedHunks, keepsLayout, withinFixedLines, type Hunk } from './layout.js'
import { changedDeclarationsParse, topLevelSpans, type TopLevelSpan } from './parse-check.js'
import { scanTree, type MatcherEntry } from './scan.js'
import { TreeCache } from './tree-cache.js'
import { compilerRejection } from '../gosyntax/file-shape.js'
import { describeGaps, gapMentions, overlapsGap, syntaxGaps, syntaxProblemCount, touchesGap, type SyntaxGap } from './syntax-gaps.js'
import { FileTimeout, runInterruptible } from './time-limit.js'
import { readImporter, type ImporterFile, type ImporterSource } from './importer-uses.js'

export interface EngineFile {
  path: string
  /** LF line endings, no BOM: the runner normalises both. */
  text: string
  /**
   * A file of the package that is not being checked (only some files were
   * named): parsed only if a rule asks about the whole package, never
   * reported on, changed only by a package-wide fix such as a rename.
   */
  context?: boolean
  /**
   * Why the file may not be changed (generated code): it is read as context
   * (renames must see its uses) and any fix that would edit it is dropped.
   */
  frozen?: string
}

/** A file of the package the runner could not hand over as source (too large, binary, unreadable). */
export interface OpaqueFile {
  path: string
  /** Why, as the end of a sentence about the file ("is over the size limit"). */
  reason: string
  /** Its bytes as text, for a search of the names it mentions; undefined when unreadable. */
  text?: string
}

export interface EngineOptions {
  codemods: readonly Codemod[]
  goVersion?: GoVersion
  /** Fix tiers applied to the output: safe, or safe and suggest with --unsafe. */
  applyTiers: ReadonlySet<Tier>
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>
  renameExported?: boolean
  /** Files of the package that are not analysed: package-wide fixes must account for them. */
  opaque?: readonly OpaqueFile[]
  modulePath?: string
  /** Modules the go.mod requires, with their versions: decides which functions a stand-in package has. */
  requires?: ReadonlyMap<string, string>
  importPath?: string
  /**
   * The files of the other packages of the module whose text names the
   * quoted import path of this package (importPath), each read as it is
   * now; called once, and only when a rule plans to rename an exported
   * name. Without it (or without importPath), who imports the package
   * cannot be known, and exported names of an importable package are not
   * renamed.
   */
  importers?: () => readonly ImporterSource[]
  /** gofmt over many texts at once, when available: each formatted, or null when gofmt refuses it. */
  format?: (texts: readonly string[]) => (string | null)[]
  maxPasses?: number
  /**
   * Whether `remaining` must describe the final text exactly (--write reports
   * it). A dry run does without the re-analysis after gofmt.
   */
  needRemaining?: boolean
  /**
   * Awaited after each file is analysed or fixed, with the source size of
   * the trees dropped (see treeBudget) since the last call. Parsed trees live in
   * native memory that is only given back once their wrappers are collected
   * and the event loop turns; the runner uses this to let that happen inside
   * a large package.
   */
  pause?: (droppedSource: number) => Promise<void>
  /** When given, milliseconds spent are added here per phase (`parse`, `fix`) and per rule (`rule:<id>`). */
  timings?: Record<string, number>
  /**
   * How much source (in characters) the package's parsed trees may stand
   * for at once; beyond it the least recently used trees are dropped and
   * parsed again when needed. Default: TREE_BUDGET.
   */
  treeBudget?: number
  /**
   * Whether the Go parser accepts a text the grammar could not fully parse:
   * null when it does, else its first error. A file it accepts is analysed
   * around the parts the grammar missed; without it such files are skipped.
   */
  checkSyntax?: (text: string) => string | null
  /**
   * Milliseconds one file may take, its analysis and fixes over all passes
   * together; past it the file is skipped and left as it was. Rules from the
   * user's folders are interrupted when they overrun it.
   */
  fileTimeoutMs?: number
  /**
   * Report `//guidefix:ignore` directives that suppressed nothing (see
   * unused-ignores.ts), with a fix that removes them. `knownRules`: every
   * rule id of the catalog, selected or not.
   */
  unusedIgnores?: { knownRules: readonly string[] }
}

/**
 * A tree takes some 35 times its source in native memory: about 35 MB for
 * this budget. Packages under it are parsed once per pass; larger ones keep
 * memory bounded at the cost of parsing some files twice.
 */
export const TREE_BUDGET = 1_000_000

export interface FileResult {
  path: string
  original: string
  output: string
  /** Findings on the original text, each marked fixed or not. */
  findings: Finding[]
  /** Findings still present in the output. */
  remaining: Finding[]
  fixes: Record<'safe' | 'suggest', number>
  /** Problems with this file: unparsable input, a rule that threw or produced broken code. */
  errors: string[]
  /** Set when the file was left alone entirely: why, in a sentence. */
  skipped?: string
  /** What left it alone: its syntax (an error, or a shape the Go compiler rejects), or the time limit. */
  skipReason?: 'syntax-error' | 'timeout'
  /** Set when the file was analysed around syntax the grammar does not understand: where, and what. */
  unsupportedSyntax?: string
}

interface RawFinding {
  finding: Finding
  nodeText: string
  fix?: PendingFix
  fixTier?: Tier
}

/**
 * Packages whose functions stand in for the standard library's under the
 * same name, with the module version that first has each function (when not
 * the first): github.com/pkg/errors has Is and As only from v0.9.0.
 */
const COMPATIBLE_PACKAGES: Record<string, Record<string, Readonly<Record<string, string | null>>>> = {
  errors: {
    'github.com/pkg/errors': { Is: 'v0.9.0', As: 'v0.9.0', Unwrap: 'v0.9.0', New: null, Errorf: null },
    'golang.org/x/xerrors': { Is: null, As: null, Unwrap: null, New: null, Errorf: null },
  },
}

/** Whether the package at `path`, imported under the standard package's `name`, offers `fn` at the version go.mod requires. */
function standsInFor(name: string, path: string, fn: string | undefined, requires: ReadonlyMap<string, string> | undefined): boolean {
  const known = COMPATIBLE_PACKAGES[name]?.[path]
  if (!known || !fn || !(fn in known)) return false
  const since = known[fn]
  if (since === null) return true
  // A version go.mod does not state counts as too old: the fix must build.
  const required = requires?.get(path)
  const order = required === undefined ? undefined : compareModuleVersions(required, since)
  return order !== undefined && order >= 0
}

/** Everything one package run keeps between passes. */
interface PackageState {
  options: EngineOptions
  codemods: readonly Codemod[]
  texts: Map<string, string>
  /** The current parse of every file that parses. */
  parsed: Map<string, PackageFile>
  /** The current findings of every file, from its current parse. */
  findings: Map<string, RawFinding[]>
  results: Map<string, FileResult>
  /** Files whose input does not parse: reported and left alone. */
  broken: Set<string>
  /** Files read for context only (see EngineFile.context). */
  context: Set<string>
  /** Files no fix may edit, and why (see EngineFile.frozen). */
  frozen: Map<string, string>
  /** The package's parsed trees, including those of fixed texts kept for the next analysis. */
  trees: TreeCache
  /** Whether the package's source is over the tree budget, so that its trees will be dropped and parsed again. */
  large: boolean
  /** Input files parsed but not yet searched for syntax errors: their first scan does it. */
  unverified: Set<string>
  /** The rules whose prefilters accept each file's current text. */
  active: Map<string, readonly Codemod[]>
  /** The last line diff computed per file, which the parse check and formatting both ask for. */
  hunks: Map<string, { from: string; to: string; hunks: Hunk[] }>
  /**
   * Files no rule's prefilter accepts: nothing can be found in them, so they
   * are parsed only when a rule asks about the whole package (as context files are).
   */
  idle: Set<string>
  /**
   * Files analysed around syntax the grammar does not know (the Go parser
   * accepts them): where their gaps are now, and how many syntax problems
   * their input had, which a fixed text may not exceed.
   */
  gaps: Map<string, { gaps: SyntaxGap[]; inputProblems: number }>
  /** The Go parser's verdict on input files with syntax errors it rejects. */
  goErrors: Map<string, string>
  /** Milliseconds each file has taken so far. */
  spent: Map<string, number>
  /** Files changed by a fix that spans files (a rename): they stand or fall together. */
  linked: Set<string>
  /** Per file, what its directives suppressed in each analysis that suppressed anything, and the directives' text then. */
  suppressed: Map<string, { signature: string; used: Map<number, Set<string>> }[]>
  /** Per file, the rules that failed on it (an internal error): what they would have reported is unknown. */
  failedRules: Map<string, Set<string>>
  /** The other packages' files that name this package's import path, once asked for, read per package name. */
  importers: { sources?: readonly ImporterSource[]; byName: Map<string, readonly ImporterFile[]> }
}

/**
 * Runs every enabled codemod over one package: parse once per pass, collect
 * findings and fixes, apply the fixes that do not overlap, and repeat on the
 * files that changed until nothing changes (or the pass limit).
 */
export async function processPackage(files: readonly EngineFile[], options: EngineOptions): Promise<FileResult[]> {
  const maxPasses = options.maxPasses ?? 10
  const state: PackageState = {
    options,
    codemods: options.codemods.filter((c) => gateAllows(c.meta.goVersion, options.goVersion)),
    texts: new Map(files.map((f) => [f.path, f.text])),
    parsed: new Map(),
    findings: new Map(),
    results: new Map(files.map((f) => [f.path, { path: f.path, original: f.text, output: f.text, findings: [], remaining: [], fixes: { safe: 0, suggest: 0 }, errors: [] }])),
    broken: new Set(),
    trees: new TreeCache(options.treeBudget ?? TREE_BUDGET),
    large: files.reduce((n, f) => n + f.text.length, 0) > (options.treeBudget ?? TREE_BUDGET),
    unverified: new Set(),
    idle: new Set(),
    hunks: new Map(),
    active: new Map(),
    context: new Set(files.filter((f) => f.context || f.frozen).map((f) => f.path)),
    frozen: new Map(files.filter((f) => f.frozen).map((f) => [f.path, f.frozen!])),
    gaps: new Map(),
    goErrors: new Map(),
    spent: new Map(),
    linked: new Set(),
    suppressed: new Map(),
    failedRules: new Map(),
    importers: { byName: new Map() },
  }
  await analyse(state, [...state.texts.keys()], true)
  const firstFindings = currentFindings(state)
  const appliedFirst = new Set<RawFinding>()
  const appliedLater: RawFinding[] = []
  for (let pass = 0; pass < maxPasses; pass++) {
    const raw = currentFindings(state)
    const candidates = raw.filter((r) => r.fix && r.fixTier && options.applyTiers.has(r.fixTier) && fixAllowed(state, r.fix)).map((r) => r.fix!)
    if (candidates.length === 0) break
    raw.forEach((r, i) => r.fix && (r.fix.findingIndex = i))
    const { kept, dropped } = resolveOverlaps(candidates)
    const applied = await applyFixes(state, kept, raw)
    if (applied.length === 0) break
    for (const fix of applied) {
      const owner = raw[fix.findingIndex]
      state.results.get(owner.finding.path)!.fixes[owner.fixTier as 'safe' | 'suggest']++
      if (pass === 0) appliedFirst.add(owner)
      else appliedLater.push(owner)
    }
    // A dry run stops once nothing was held back by an overlap: no rule's fix enables
    // another's (the fixture suite checks that a dry run and --write agree on every case).
    if (dropped.length === 0 && options.needRemaining === false) break
    // A fix spanning files (a rename) can change what every file of the package means.
    for (const f of applied) {
      const paths = new Set(f.edits.map((e) => e.path))
      if (paths.size > 1) for (const p of paths) state.linked.add(p)
    }
    const spansFiles = [...applied, ...dropped].some((f) => new Set(f.edits.map((e) => e.path)).size > 1)
    const changed = spansFiles ? [...state.texts.keys()] : [...new Set(applied.flatMap((f) => f.edits.map((e) => e.path)))]
    await analyse(state, changed, false)
  }
  const unused = options.unusedIgnores ? await removeUnusedIgnores(state, options.unusedIgnores.knownRules) : []
  await formatChanged(state)

  const lastFindings = currentFindings(state)
  markFixed(state, firstFindings, lastFindings, appliedFirst, appliedLater)
  for (const r of firstFindings) state.results.get(r.finding.path)!.findings.push(r.finding)
  for (const r of lastFindings) state.results.get(r.finding.path)!.remaining.push(r.finding)
  for (const f of unused) {
    const result = state.results.get(f.path)!
    // gofmt may have refused the file's fixed text, which then stays as it was.
    f.fixed = state.texts.get(f.path) !== result.original
    result.findings.push(f)
    if (!f.fixed) result.remaining.push(f)
  }
  for (const [path, text] of state.texts) state.results.get(path)!.output = text
  return files.map((f) => state.results.get(f.path)!)
}

function currentFindings(state: PackageState): RawFinding[] {
  return [...state.findings.values()].flat()
}

/**
 * A first-pass finding is fixed when its own fix was applied, in the first
 * pass or (held back there by an overlap) in a later one, or when its fix
 * was applicable and the output no longer shows the same finding. A dry run
 * does not look at the text again after its last pass, so the later passes'
 * fixes are matched by what they fixed.
 */
function markFixed(state: PackageState, first: RawFinding[], last: RawFinding[], applied: Set<RawFinding>, appliedLater: readonly RawFinding[]): void {
  const keyOf = (r: RawFinding) => `${r.finding.path}\0${r.finding.ruleId}\0${r.nodeText}`
  const remaining = new Map<string, number>()
  for (const r of last) remaining.set(keyOf(r), (remaining.get(keyOf(r)) ?? 0) + 1)
  const later = new Map<string, number>()
  for (const r of appliedLater) later.set(keyOf(r), (later.get(keyOf(r)) ?? 0) + 1)
  for (const r of first) {
    const fixedLater = later.get(keyOf(r)) ?? 0
    if (!applied.has(r) && fixedLater > 0) later.set(keyOf(r), fixedLater - 1)
    if (applied.has(r) || fixedLater > 0) {
      r.finding.fixed = true
      continue
    }
    if (!r.fixTier || !state.options.applyTiers.has(r.fixTier)) continue
    if (state.texts.get(r.finding.path) === state.results.get(r.finding.path)!.original) continue
    const left = remaining.get(keyOf(r)) ?? 0
    if (left > 0) remaining.set(keyOf(r), left - 1)
    else r.finding.fixed = true
  }
}

/**
 * gofmt the changed files that were gofmt-clean to begin with (one batch
 * for the package), then look at them once more. Whether the input was
 * clean is only asked of gofmt when its changes reach beyond the lines the
 * fixes touched; most files need one formatting, not two. A file whose fixed
 * text gofmt rejects, though it accepted the input, keeps its input.
 */
async function formatChanged(state: PackageState): Promise<void> {
  const format = state.options.format
  if (!format) return
  const hunksOf = (path: string, text: string) => hunksBetween(state, path, state.results.get(path)!.original, text)
  const changed = [...state.texts].filter(([path, text]) => !keepsLayout(state.results.get(path)!.original, text, () => hunksOf(path, text)))
  if (changed.length === 0) return
  const formatted = timed(state.options.timings, 'format', () => format(changed.map(([, text]) => text)))
  const doubtful: number[] = []
  changed.forEach(([path, text], i) => {
    const after = formatted[i]
    if (after === null || (after !== text && !withinFixedLines(hunksOf(path, text), text, after))) doubtful.push(i)
  })
  const originals = doubtful.length > 0 ? timed(state.options.timings, 'format', () => format(doubtful.map((i) => state.results.get(changed[i][0])!.original))) : []
  const reanalyse: string[] = []
  changed.forEach(([path, text], i) => {
    const r = state.results.get(path)!
    const after = formatted[i]
    const d = doubtful.indexOf(i)
    const inputClean = d === -1 ? true : originals[d] === r.original
    if (after === null) {
      if (d !== -1 && originals[d] === null) return
      r.errors.push('the fixes produced code that gofmt rejects; the file was left unchanged')
      r.fixes = { safe: 0, suggest: 0 }
      state.texts.set(path, r.original)
      reanalyse.push(path)
    } else if (inputClean && after !== text) {
      state.texts.set(path, after)
      reanalyse.push(path)
    }
  })
  if (reanalyse.length > 0 && state.options.needRemaining !== false) await analyse(state, reanalyse, false)
}

/** Where `to` differs from `from` in a file, computed once for the pair. */
function hunksBetween(state: PackageState, path: string, from: string, to: string): Hunk[] {
  const known = state.hunks.get(path)
  if (known && known.from === from && known.to === to) return known.hunks
  const hunks = changedHunks(from, to)
  state.hunks.set(path, { from, to, hunks })
  return hunks
}

function markBroken(state: PackageState, path: string, err: SgNode, reason?: string): void {
  const pos = positionAt(state.results.get(path)!.original, err.range().start.index)
  const goError = state.goErrors.get(path)
  const why = reason
    ? `${reason} at ${pos.line}:${pos.column}; the Go compiler rejects this file`
    : `syntax error at ${pos.line}:${pos.column}${goError ? ` (${goError})` : state.options.checkSyntax ? '' : ' (gofmt is not on PATH, so whether the Go parser accepts the file is unknown)'}`
  skipFile(state, path, 'syntax-error', why)
}

/** Leaves a file as it was, with nothing reported on it but why. */
function skipFile(state: PackageState, path: string, reason: 'syntax-error' | 'timeout', detail: string): void {
  const result = state.results.get(path)!
  state.broken.add(path)
  result.skipped = detail
  result.skipReason = reason
  result.fixes = { safe: 0, suggest: 0 }
  delete result.unsupportedSyntax
  state.texts.set(path, result.original)
  state.gaps.delete(path)
  state.findings.delete(path)
  state.parsed.delete(path)
  state.trees.forget(path)
  state.unverified.delete(path)
  // A file left as it was takes back with it the other halves of the renames it shared.
  if (state.linked.has(path)) {
    for (const other of state.linked) {
      const r = state.results.get(other)!
      if (other === path || state.texts.get(other) === r.original) continue
      state.texts.set(other, r.original)
      state.broken.add(other)
      state.findings.delete(other)
      r.fixes = { safe: 0, suggest: 0 }
      r.errors.push(`left unchanged: it shares a rename with ${path}, which was skipped`)
    }
  }
}

/** (Re)parses the given files and runs the rules on them, with an index over the whole package. */
async function analyse(state: PackageState, paths: string[], first: boolean): Promise<void> {
  chooseRules(state, paths)
  // Context and idle files are parsed when a rule first needs the whole package, or once a fix changed them.
  const deferred = (p: string) => state.context.has(p) || state.idle.has(p)
  const toParse = paths.filter((p) => !deferred(p) || state.parsed.has(p))
  if (state.large) {
    // Trees parsed now are dropped for the budget as the parse goes on: let them be collected as it goes.
    // Parsed last to first, the trees still kept are those of the files analysed first.
    for (const path of [...toParse].reverse()) {
      timed(state.options.timings, 'parse', () => parseFiles(state, [path], first, false))
      await state.options.pause?.(state.trees.takeDropped())
    }
    const inOrder = [...state.texts.keys()].filter((p) => state.parsed.has(p)).map((p) => [p, state.parsed.get(p)!] as const)
    state.parsed = new Map(inOrder)
  } else timed(state.options.timings, 'parse', () => parseFiles(state, toParse, first, false))
  const wanted = new Set(paths.filter((p) => !deferred(p)))
  // A directory may hold a package and its external test package (`p_test`): index each apart.
  const byName = new Map<string, PackageFile[]>()
  for (const f of state.parsed.values()) byName.set(f.packageName, [...(byName.get(f.packageName) ?? []), f])
  const unparsedContext = () => [...state.context, ...state.idle].filter((p) => !state.parsed.has(p) && !state.broken.has(p))
  const pending = unparsedContext()
  for (const [name, group] of byName) {
    if (!group.some((f) => wanted.has(f.path))) continue
    const more = pending.length === 0 ? undefined : () => {
      timed(state.options.timings, 'parse', () => parseFiles(state, unparsedContext(), true, true))
      // Another group's load may have parsed this group's files already: take them from the parse, not the load.
      const known = new Set(group.map((f) => f.path))
      return [...state.parsed.values()].filter((f) => f.packageName === name && !known.has(f.path))
    }
    const texts = [...group.map((f) => f.source), ...pending.map((p) => state.texts.get(p)!)]
    // The other package of the directory (an external p_test package): a rename of an exported name reaches it.
    const siblings = () => {
      timed(state.options.timings, 'parse', () => parseFiles(state, unparsedContext(), true, true))
      return [...state.parsed.values()].filter((f) => f.packageName !== name)
    }
    const pkg = new PackageIndex(group, { modulePath: state.options.modulePath, importPath: state.options.importPath, name, texts, unchecked: () => uncheckedFiles(state), frozen: state.frozen, siblings, importers: importersFor(state, name) }, more)
    for (const file of group) {
      if (!wanted.has(file.path)) continue
      const active = state.active.get(file.path)!
      const { entries, failed } = matcherEntries(active, file, pkg)
      // While the rules run, the file's tree stays: the nodes they hold and those they look up must be of one tree.
      state.trees.pin(file.path)
      let error: SgNode | null = null
      const clock = fileClock(state, file.path)
      try {
        const known = state.gaps.get(file.path)
        if (known) known.gaps = syntaxGaps(file.root)
        const scan = timed(state.options.timings, 'match', () => scanTree(file.root, entries, state.unverified.has(file.path) && !known))
        error = scan.error
        if (!error) {
          state.unverified.delete(file.path)
          const out: RawFinding[] = []
          const blocked = (fix: PendingFix) => !fixAllowed(state, fix)
          let directives: Suppressions | undefined
          const suppressions = () => (directives ??= new Suppressions(file.source, findDirectives(file.source, file.root)))
          active.forEach((codemod, i) => {
            const found = new Map<string, SgNode[]>()
            entries.forEach((e, j) => e.owner === i && found.set(e.name, scan.nodes[j]))
            const ok = runOne(codemod, file, pkg, state.options, out, found, failed.get(i), known?.gaps ?? [], blocked, clock.remaining, suppressions)
            if (!ok) state.failedRules.set(file.path, new Set([...(state.failedRules.get(file.path) ?? []), codemod.meta.id]))
            clock.check(codemod.meta.id)
          })
          state.findings.set(file.path, out)
          if (directives && directives.used.size > 0) {
            const record = { signature: directiveSignature(file.source, directives.directives), used: directives.used }
            state.suppressed.set(file.path, [...(state.suppressed.get(file.path) ?? []), record])
          }
        }
      } catch (e) {
        if (!(e instanceof FileTimeout)) throw e
        skipFile(state, file.path, 'timeout', e.message)
      } finally {
        clock.stop()
        state.trees.unpin(file.path)
      }
      if (error) {
        // A file the Go parser accepts is analysed around what the grammar missed; any other
        // is left out, and since the index saw it, the analysis starts over without it.
        if (!admitGaps(state, file.path, file.root)) markBroken(state, file.path, error)
        return await analyse(state, paths, first)
      }
      await state.options.pause?.(state.trees.takeDropped())
    }
  }
}

/**
 * What the files of other packages do with this package (declared as
 * `name`): read once per package, when a rule first asks. Undefined when
 * the package's import path or its importers are unknown.
 */
function importersFor(state: PackageState, name: string): (() => readonly ImporterFile[]) | undefined {
  const { importPath, importers } = state.options
  if (!importPath || !importers) return undefined
  return () => {
    const cache = state.importers
    let files = cache.byName.get(name)
    if (!files) {
      files = timed(state.options.timings, 'importers', () => (cache.sources ??= importers()).map((s) => readImporter(s, importPath, name)))
      cache.byName.set(name, files)
    }
    return files
  }
}

/** Files of the package that rules cannot see: not handed over, or not parsing. */
function uncheckedFiles(state: PackageState): UncheckedFile[] {
  const broken = [...state.broken].map((path) => ({ path, reason: 'does not parse', text: state.texts.get(path) }))
  return [...(state.options.opaque ?? []), ...broken]
}

/**
 * Chooses, by the rules' prefilters alone, the rules that run on each of the
 * given files; a file none of them accepts is idle. No file is parsed to decide.
 */
function chooseRules(state: PackageState, paths: string[]): void {
  const candidates = paths.filter((p) => !state.context.has(p) && !state.broken.has(p))
  if (candidates.length === 0) return
  // A view of the package from its texts; a prefilter that asks for declarations parses the package then.
  const view = new PackageIndex([], { modulePath: state.options.modulePath, importPath: state.options.importPath, texts: [...state.texts.values()] }, () => {
    const all = [...state.texts.keys()].filter((p) => !state.broken.has(p))
    timed(state.options.timings, 'parse', () => parseFiles(state, all, true, true))
    return [...state.parsed.values()]
  })
  for (const p of candidates) {
    const text = state.texts.get(p)!
    const active = state.codemods.filter((c) => !c.prefilter || passesPrefilter(c.prefilter, text, view))
    state.active.set(p, active)
    if (active.length > 0) state.idle.delete(p)
    else {
      state.idle.add(p)
      state.findings.delete(p)
    }
  }
}

/** The matchers of the rules that run on a file, flattened for one shared walk. */
function matcherEntries(active: readonly Codemod[], file: PackageFile, pkg: PackageIndex): { entries: MatcherEntry[]; failed: Map<number, Error> } {
  const entries: MatcherEntry[] = []
  const failed = new Map<number, Error>()
  active.forEach((codemod, owner) => {
    let matchers
    try {
      matchers = typeof codemod.matchers === 'function' ? codemod.matchers(file.source, pkg) : codemod.matchers
    } catch (e) {
      failed.set(owner, e as Error)
      return
    }
    for (const [name, rule] of Object.entries(matchers ?? {})) entries.push({ owner, name, rule })
  })
  return { entries, failed }
}

/**
 * Parses files whose text changed. A file parsed for the first time is
 * searched for syntax errors now when `verifyNow` (context files, which no
 * scan visits), or else by its first scan, which walks the tree anyway.
 */
function parseFiles(state: PackageState, paths: string[], first: boolean, verifyNow: boolean): void {
  for (const path of paths) {
    if (state.broken.has(path)) continue
    const text = state.texts.get(path)!
    if (state.parsed.get(path)?.source === text) continue
    const root = state.trees.root(path, text)
    if (first && !state.parsed.has(path)) {
      const err = verifyNow ? firstSyntaxError(root, true) : null
      if (err && !admitGaps(state, path, root)) {
        markBroken(state, path, err)
        continue
      }
      const rejected = compilerRejection(root)
      if (rejected) {
        markBroken(state, path, rejected.node, rejected.reason)
        continue
      }
      if (!verifyNow) state.unverified.add(path)
    }
    const file = describeFile(path, text, root, state.trees)
    state.parsed.set(path, file)
    // The tree may be dropped before the index or the fix check asks: read what they need while it is here.
    if (state.large) {
      summarizeFile(file)
      spansOf(file)
    }
  }
}

const spans = new WeakMap<PackageFile, TopLevelSpan[]>()

function spansOf(file: PackageFile): TopLevelSpan[] {
  let known = spans.get(file)
  if (!known) spans.set(file, (known = topLevelSpans(file.root)))
  return known
}

function passesPrefilter(tests: readonly Prefilter[], source: string, pkg: PackageIndex): boolean {
  return tests.some((t) => (typeof t === 'string' ? source.includes(t) : t instanceof RegExp ? t.test(source) : t(source, pkg)))
}

function runOne(
  codemod: Codemod,
  file: PackageFile,
  pkg: PackageIndex,
  options: EngineOptions,
  out: RawFinding[],
  found: Map<string, SgNode[]>,
  failure: Error | undefined,
  gaps: readonly SyntaxGap[],
  blocked: (fix: PendingFix) => boolean,
  remainingMs: () => number,
  suppressions: () => Suppressions,
): boolean {
  const meta = codemod.meta
  const ctx: RuleContext = {
    path: file.path,
    source: file.source,
    root: file.root,
    goVersion: options.goVersion,
    pkg,
    isTest: file.isTest,
    options: { ...(codemod.defaultOptions ?? {}), ...(options.ruleOptions?.[meta.id] ?? {}) },
    renameExported: options.renameExported ?? false,
    atLeast(v: string) {
      const want = parseGoVersion(v)
      return !!options.goVersion && !!want && compareGoVersions(options.goVersion, want) >= 0
    },
    importName(importPath: string, node: SgNode, needs?: string) {
      return importNameAt(file, pkg, importPath, node, needs, options.requires)
    },
    matches(name: string) {
      const nodes = found.get(name)
      if (!nodes) throw new Error(`no matcher named ${JSON.stringify(name)}`)
      return nodes
    },
    report(r: Report) {
      const range = 'range' in r.node && typeof r.node.range === 'function' ? r.node.range() : null
      const start = range ? range.start.index : (r.node as { start: number }).start
      const end = range ? range.end.index : (r.node as { end: number }).end
      if (suppressions().suppresses(start, meta.id)) return
      // What the grammar could not parse is not understood: nothing is reported inside it.
      if (gaps.length > 0 && overlapsGap(gaps, start, end)) return
      const finding: Finding = {
        ruleId: meta.id,
        section: meta.section,
        tier: meta.tier,
        path: file.path,
        message: r.message ?? meta.message,
        start: positionAt(file.source, start),
        end: positionAt(file.source, end),
        fixed: false,
      }
      const raw: RawFinding = { finding, nodeText: file.source.slice(start, end) }
      const fixTier = r.fix?.tier ?? meta.tier
      if (r.fix && r.fix.edits.length > 0 && fixTier !== 'detect' && meta.tier !== 'detect') {
        raw.fixTier = fixTier
        finding.fixable = fixTier
        raw.fix = {
          ruleOrder: codemod.order,
          edits: r.fix.edits.map((e) => ({ ...e, path: e.path ?? file.path })),
          imports: r.fix.imports ?? [],
          removeImports: r.fix.removeImportsIfUnused ?? [],
          findingIndex: out.length,
        }
        if (blocked(raw.fix)) {
          delete raw.fix
          delete raw.fixTier
          delete finding.fixable
        }
      }
      out.push(raw)
    },
  }
  try {
    if (failure) throw failure
    timed(options.timings, `rule:${meta.id}`, () => {
      if (!codemod.external || options.fileTimeoutMs === undefined) codemod.check(ctx)
      else if (!runInterruptible(() => codemod.check(ctx), remainingMs())) throw new FileTimeout(options.fileTimeoutMs, meta.id)
    })
    return true
  } catch (e) {
    if (e instanceof FileTimeout) throw e
    out.push({
      finding: {
        ruleId: meta.id,
        section: meta.section,
        tier: 'detect',
        path: file.path,
        message: `internal error in rule ${meta.id}: ${(e as Error).message}`,
        start: positionAt(file.source, 0),
        end: positionAt(file.source, 0),
        fixed: false,
      },
      nodeText: '',
    })
    return false
  }
}

/** The directives of a text as written, in order: two analyses with the same signature number them alike. */
function directiveSignature(source: string, directives: readonly Directive[]): string {
  return directives.map((d) => source.slice(d.start, d.end)).join('\n')
}

/**
 * --report-unused-ignores: after the fixes, finds the `//guidefix:ignore`
 * directives of each checked file that suppressed nothing in any pass, and
 * takes them (or their unused names) out of the text as safe fixes. A file
 * is judged only when it was analysed whole (not skipped, not read around
 * syntax the grammar misses, no fix changed its directives). Returns the
 * findings, positioned on the input; each one's removal is part of the output.
 */
async function removeUnusedIgnores(state: PackageState, knownRules: readonly string[]): Promise<Finding[]> {
  const known = new Set(knownRules)
  const findings: Finding[] = []
  const changed: string[] = []
  for (const [path, result] of state.results) {
    const original = result.original
    if (!original.includes('guidefix:ignore') || state.context.has(path) || state.broken.has(path) || state.gaps.has(path)) continue
    const text = state.texts.get(path)!
    const inputRoot = rootOf(state, path, original)
    // An idle file was never parsed: one that does not parse was not analysed either.
    if (firstSyntaxError(inputRoot, true)) continue
    const before = findDirectives(original, inputRoot)
    const after = text === original ? before : findDirectives(text, rootOf(state, path, text))
    const signature = directiveSignature(original, before)
    if (directiveSignature(text, after) !== signature) continue
    const records = state.suppressed.get(path) ?? []
    if (records.some((r) => r.signature !== signature)) continue
    const used = new Map<number, Set<string>>()
    for (const r of records) for (const [i, rules] of r.used) used.set(i, new Set([...(used.get(i) ?? []), ...rules]))
    const failed = state.failedRules.get(path)
    const ran = new Set([...state.codemods.map((c) => c.meta.id).filter((id) => !failed?.has(id)), UNUSED_IGNORE])
    const selected = new Set([...state.options.codemods.map((c) => c.meta.id).filter((id) => !failed?.has(id)), UNUSED_IGNORE])
    const edits: Edit[] = []
    for (const u of unusedDirectives(before, { used, ran, selected, known })) {
      const d = before[u.index]
      findings.push({
        ruleId: UNUSED_IGNORE,
        section: unusedIgnoreMeta.section,
        tier: 'safe',
        path,
        message: unusedMessage(u),
        start: positionAt(original, d.start),
        end: positionAt(original, d.end),
        fixed: true,
        fixable: 'safe',
      })
      edits.push(removalEdit(text, after[u.index], u))
    }
    if (edits.length === 0) continue
    // Taking out a line comment, or words inside one, leaves the tokens as they were: the text parses as it did.
    state.texts.set(path, applyEdits(text, edits))
    result.fixes.safe += edits.length
    changed.push(path)
  }
  if (changed.length > 0 && state.options.needRemaining !== false) await analyse(state, changed, false)
  return findings
}

/** A text's tree: the one the package keeps when it is that text's, else a new parse. */
function rootOf(state: PackageState, path: string, text: string): SgNode {
  const parsed = state.parsed.get(path)
  return parsed?.source === text && state.trees.holds(path, text) ? parsed.root : parseGo(text).root()
}

function importNameAt(file: PackageFile, pkg: PackageIndex, importPath: string, node: SgNode, needs?: string, requires?: ReadonlyMap<string, string>): string | null {
  const existing = file.imports.find((i) => i.path === importPath)
  const name = existing ? existing.localName : defaultImportName(importPath)
  if (existing && (existing.name === '_' || existing.name === '.')) return null
  if (!existing) {
    const clash = file.imports.find((i) => i.localName === name)
    if (clash) {
      if (!standsInFor(name, clash.path, needs, requires)) return null
    }
    if (pkg.decls.has(name)) return null
  }
  if (mayBeShadowed(file, name) && lookupLocal(node, name)) return null
  return name
}

/**
 * Applies kept fixes file by file. A file whose result no longer parses (or
 * that gofmt rejects) loses the faulty rule's fixes; a fix spanning several
 * files lands in all of them or none.
 */
async function applyFixes(state: PackageState, kept: PendingFix[], raw: RawFinding[]): Promise<PendingFix[]> {
  const byPath = new Map<string, PendingFix[]>()
  for (const fix of kept) {
    for (const path of new Set(fix.edits.map((e) => e.path))) {
      const list = byPath.get(path)
      if (list) list.push(fix)
      else byPath.set(path, [fix])
    }
  }
  const ruleOf = (f: PendingFix) => raw[f.findingIndex].finding.ruleId
  // A fix that would edit a file no fix may touch is dropped whole (its rule should have refused it).
  const rejected = new Set<PendingFix>(kept.filter((f) => f.edits.some((e) => state.frozen.has(e.path))))
  const built = new Map<string, { fixes: PendingFix[]; text: string }>()
  for (const [path, all] of byPath) {
    const fixes = all.filter((f) => !rejected.has(f))
    if (fixes.length === 0) continue
    const clock = fileClock(state, path)
    try {
      timed(state.options.timings, 'fix', () => checkFixedFile(state, path, fixes, ruleOf, rejected, built))
      clock.check()
    } catch (e) {
      if (!(e instanceof FileTimeout)) throw e
      skipFile(state, path, 'timeout', e.message)
      for (const f of fixes) rejected.add(f)
    } finally {
      clock.stop()
    }
    await state.options.pause?.(state.trees.takeDropped())
  }
  const applied = kept.filter((f) => !rejected.has(f))
  for (const [path, all] of byPath) {
    const fixes = all.filter((f) => !rejected.has(f))
    if (fixes.length === 0) continue
    // Usually the checked text stands; a multi-file fix rejected elsewhere forces a rebuild.
    const done = built.get(path)
    const text = done && done.fixes.length === fixes.length ? done.text : buildText(state, state.texts.get(path)!, path, fixes)
    state.texts.set(path, text)
  }
  return applied
}

/** Builds one file's fixed text; while it does not parse, drops the fixes of the rule at fault. */
function checkFixedFile(
  state: PackageState,
  path: string,
  fixes: PendingFix[],
  ruleOf: (f: PendingFix) => string,
  rejected: Set<PendingFix>,
  built: Map<string, { fixes: PendingFix[]; text: string }>,
): void {
  const original = state.texts.get(path)!
  const edits = fixes.flatMap((f) => f.edits.filter((e) => e.path === path))
  if (fixes.every((f) => f.imports.length === 0 && f.removeImports.length === 0) && onlySwapsWords(original, edits)) {
    built.set(path, { fixes, text: applyEdits(original, edits) })
    return
  }
  let attempt = fixes
  while (attempt.length > 0) {
    const text = buildText(state, original, path, attempt)
    // A dry run never analyses the fixed text again: proving it parses needs only the changed declarations.
    const before = state.parsed.get(path)
    if (state.options.needRemaining === false && before?.source === original && changedDeclarationsParse(spansOf(before), text, hunksBetween(state, path, original, text))) {
      built.set(path, { fixes: attempt, text })
      return
    }
    const root = parseGo(text).root()
    if (parsesAsWell(state, path, root)) {
      // A dry run rarely analyses again: keeping the tree would only hold memory.
      if (state.options.needRemaining !== false) state.trees.put(path, text, root)
      built.set(path, { fixes: attempt, text })
      return
    }
    // The input itself may hide a MISSING node the quick check let through.
    const inputError = state.gaps.has(path) ? null : firstSyntaxError(parseGo(state.results.get(path)!.original).root())
    if (inputError) {
      markBroken(state, path, inputError)
      for (const f of fixes) rejected.add(f)
      return
    }
    const rules = [...new Set(attempt.map(ruleOf))]
    const culprit = rules.find((rule) => !parsesAsWell(state, path, parseGo(buildText(state, original, path, attempt.filter((f) => ruleOf(f) === rule))).root())) ?? rules[0]
    state.results.get(path)!.errors.push(`rule ${culprit} produced code that does not parse; its fixes in this file were dropped`)
    for (const f of attempt) if (ruleOf(f) === culprit) rejected.add(f)
    attempt = attempt.filter((f) => !rejected.has(f))
  }
}

function buildText(state: PackageState, text: string, path: string, fixes: PendingFix[]): string {
  const edits = fixes.flatMap((f) => f.edits.filter((e) => e.path === path))
  const imports = fixes.flatMap((f) => f.imports)
  const removals = fixes.flatMap((f) => f.removeImports)
  let out: string
  const parsed = state.parsed.get(path)
  const current = imports.length > 0 && parsed?.source === text ? parsed : undefined
  if (current && edits.every((e) => e.start > current.headEnd)) {
    // The import edits are computed on the file's head and applied with the fix. A dropped tree
    // is not parsed again for it: the head, parsed alone, has the same nodes at the same offsets.
    const before = state.trees.holds(path, text) ? current.root : parseGo(text.slice(0, current.headEnd)).root()
    const needed = neededImports(current.imports, imports)
    const added = importEdits(text, needed, before)
    out = added === null ? addImports(applyEdits(text, edits), needed) : applyEdits(text, [...edits, ...added])
  } else {
    out = applyEdits(text, edits)
    if (imports.length > 0) {
      const root = parseGo(out).root()
      const needed = neededImports(importsOf(root), imports)
      if (needed.length > 0) out = addImports(out, needed, root)
    }
  }
  if (removals.length > 0) {
    out = removeUnusedImports(out, removals)
    // A lone import that a fix replaced stays a lone import (import "log" → import "log/slog").
    if (imports.length > 0 && !/^import\s*\(/m.test(text)) out = collapseLoneImportBlock(out)
  }
  return out
}

/** Imports still to add: neither present nor standing in under the same name (github.com/pkg/errors for errors.Is). */
function neededImports(existing: readonly FileImport[], imports: string[]): string[] {
  return imports.filter((p) => !existing.some((i) => i.path === p) && !existing.some((i) => i.localName === defaultImportName(p)))
}


/**
 * Whether a fixed text parses as well as its input did: without syntax
 * errors, or, in a file analysed around gaps in the grammar, with no more
 * of them than the input had.
 */
function parsesAsWell(state: PackageState, path: string, root: SgNode): boolean {
  const known = state.gaps.get(path)
  return known ? syntaxProblemCount(root) <= known.inputProblems : !firstSyntaxError(root)
}

/**
 * Decides whether an input file with syntax errors is analysed anyway: when
 * the Go parser accepts it, what the grammar could not parse is newer syntax
 * (Go 1.26 `new(expr)`), not broken code. Records its gaps then.
 */
function admitGaps(state: PackageState, path: string, root: SgNode): boolean {
  const check = state.options.checkSyntax
  const input = state.results.get(path)!.original
  if (!check || state.texts.get(path) !== input) return false
  const verdict = check(input)
  if (verdict !== null) {
    state.goErrors.set(path, verdict)
    return false
  }
  const gaps = syntaxGaps(root)
  state.gaps.set(path, { gaps, inputProblems: syntaxProblemCount(root) })
  state.results.get(path)!.unsupportedSyntax = describeGaps(input, gaps)
  return true
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Whether a fix may be applied: it touches no skipped file, and no gap of a
 * file analysed around syntax the grammar missed. A name it replaces or
 * brings in (a rename, an import) must not occur in any gap of the package
 * either: an occurrence there is one the rule could not see.
 */
function fixAllowed(state: PackageState, fix: PendingFix): boolean {
  for (const e of fix.edits) if (state.broken.has(e.path)) return false
  if (state.gaps.size === 0) return true
  const words = new Set<string>()
  for (const e of fix.edits) {
    const text = state.texts.get(e.path)!
    const known = state.gaps.get(e.path)
    if (known && touchesGap(known.gaps, e.start, e.end)) return false
    const old = text.slice(e.start, e.end)
    if (IDENTIFIER.test(old) && namesIdentifier(text, e.start, e.end)) words.add(old)
  }
  for (const path of fix.imports) words.add(defaultImportName(path))
  for (const word of words) {
    for (const [path, known] of state.gaps) if (gapMentions(known.gaps, state.texts.get(path)!, word)) return false
  }
  return true
}

/** Whether [start, end) is a whole word outside string literals (on its line), as a name being renamed is. */
function namesIdentifier(text: string, start: number, end: number): boolean {
  if (/[A-Za-z0-9_%]/.test(text[start - 1] ?? '') || /[A-Za-z0-9_]/.test(text[end] ?? '')) return false
  let inString: string | null = null
  for (let i = text.lastIndexOf('\n', start - 1) + 1; i < start; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\' && inString !== '`') i++
      else if (c === inString) inString = null
    } else if (c === '"' || c === '`' || c === "'") inString = c
    else if (c === '/' && text[i + 1] === '/') return false
  }
  return inString === null
}

/** Counts the time a file takes, against the per-file limit. */
function fileClock(state: PackageState, path: string): { remaining: () => number; check: (ruleId?: string) => void; stop: () => void } {
  const limit = state.options.fileTimeoutMs
  const started = performance.now()
  const before = state.spent.get(path) ?? 0
  const used = () => before + performance.now() - started
  return {
    remaining: () => (limit === undefined ? Infinity : Math.max(1, limit - used())),
    check(ruleId) {
      if (limit !== undefined && used() > limit) throw new FileTimeout(limit, ruleId)
    },
    stop: () => state.spent.set(path, used()),
  }
}
