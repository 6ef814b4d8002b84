import type { SgNode } from '@ast-grep/napi'
import type { Codemod, Finding, Report, RuleContext, Tier } from '../codemod/types.js'
import { firstSyntaxError, parseGo } from '../gosyntax/parse.js'
import { gateAllows, type GoVersion, compareGoVersions, parseGoVersion } from './go-version.js'
import { addImports, defaultImportName, importsOf, removeUnusedImports } from './imports.js'
import { describeFile, PackageIndex, type PackageFile } from './package-index.js'
import { applyEdits, resolveOverlaps, type PendingFix } from './edits.js'
import { lookupLocal } from '../gosyntax/scope.js'
import { isSuppressed } from './suppress.js'
import { positionAt } from './positions.js'
import { timed } from './timing.js'

export interface EngineFile {
  path: string
  /** LF line endings, no BOM: the runner normalises both. */
  text: string
}

export interface EngineOptions {
  codemods: readonly Codemod[]
  goVersion?: GoVersion
  /** Fix tiers applied to the output: safe, or safe and suggest with --unsafe. */
  applyTiers: ReadonlySet<Tier>
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>
  renameExported?: boolean
  modulePath?: string
  importPath?: string
  /** gofmt, when available: formatted text, or null when it refuses the text. */
  format?: (text: string) => string | null
  maxPasses?: number
  /** When given, milliseconds spent are added here per phase (`parse`, `fix`) and per rule (`rule:<id>`). */
  timings?: Record<string, number>
}

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
  /** Set when the file was left alone entirely (syntax error in the input). */
  skipped?: string
}

interface RawFinding {
  finding: Finding
  nodeText: string
  fix?: PendingFix
  fixTier?: Tier
}

/** Packages whose functions stand in for the standard library's under the same name. */
const COMPATIBLE_PACKAGES: Record<string, Record<string, readonly string[]>> = {
  errors: {
    'github.com/pkg/errors': ['Is', 'As', 'Unwrap', 'New', 'Errorf'],
    'golang.org/x/xerrors': ['Is', 'As', 'Unwrap', 'New', 'Errorf'],
  },
}

/**
 * Runs every enabled codemod over one package: parse once per pass, collect
 * findings and fixes, apply the fixes that do not overlap, and repeat on the
 * new text until nothing changes (or the pass limit).
 */
export function processPackage(files: readonly EngineFile[], options: EngineOptions): FileResult[] {
  const maxPasses = options.maxPasses ?? 10
  const results = new Map<string, FileResult>()
  const texts = new Map<string, string>()
  for (const f of files) {
    results.set(f.path, { path: f.path, original: f.text, output: f.text, findings: [], remaining: [], fixes: { safe: 0, suggest: 0 }, errors: [] })
    texts.set(f.path, f.text)
  }
  const codemods = options.codemods.filter((c) => gateAllows(c.meta.goVersion, options.goVersion))

  // Files that do not parse are reported and left alone; the rest of the package still runs.
  const brokenInput = new Set<string>()
  let pass = 0
  let firstFindings: RawFinding[] = []
  let lastFindings: RawFinding[] = []
  const appliedKeys = new Set<number>()
  while (pass < maxPasses) {
    const parsed = timed(options.timings, 'parse', () => parseAll(texts, brokenInput, results, pass === 0))
    const raw = runRules(parsed, codemods, options)
    if (pass === 0) firstFindings = raw
    lastFindings = raw
    const candidates = raw.filter((r) => r.fix && r.fixTier && options.applyTiers.has(r.fixTier)).map((r) => r.fix!)
    if (candidates.length === 0) break
    const { kept } = resolveOverlaps(candidates)
    const applied = timed(options.timings, 'fix', () => applyFixes(kept, texts, raw, results))
    if (applied.length === 0) break
    for (const fix of applied) {
      const tier = raw[fix.findingIndex].fixTier as 'safe' | 'suggest'
      results.get(raw[fix.findingIndex].finding.path)!.fixes[tier]++
      if (pass === 0) appliedKeys.add(fix.findingIndex)
    }
    pass++
    if (pass === maxPasses) lastFindings = runRules(parseAll(texts, brokenInput, results, false), codemods, options)
  }

  // gofmt the changed files that were gofmt-clean to begin with.
  let reformatted = false
  if (options.format) {
    for (const [path, text] of texts) {
      const r = results.get(path)!
      if (text === r.original) continue
      if (options.format(r.original) !== r.original) continue
      const formatted = options.format(text)
      if (formatted === null) {
        r.errors.push('gofmt rejected the fixed text; the fixes are kept unformatted')
      } else if (formatted !== text) {
        texts.set(path, formatted)
        reformatted = true
      }
    }
    if (reformatted) lastFindings = runRules(parseAll(texts, brokenInput, results, false), codemods, options)
  }

  const remainingKeys = new Map<string, number>()
  const keyOf = (r: RawFinding) => `${r.finding.path}\0${r.finding.ruleId}\0${r.nodeText}`
  for (const r of lastFindings) remainingKeys.set(keyOf(r), (remainingKeys.get(keyOf(r)) ?? 0) + 1)
  firstFindings.forEach((r, i) => {
    if (appliedKeys.has(i)) {
      r.finding.fixed = true
      return
    }
    if (!r.fixTier || !options.applyTiers.has(r.fixTier) || texts.get(r.finding.path) === results.get(r.finding.path)!.original) return
    const left = remainingKeys.get(keyOf(r)) ?? 0
    if (left > 0) remainingKeys.set(keyOf(r), left - 1)
    else r.finding.fixed = true
  })

  for (const r of firstFindings) results.get(r.finding.path)!.findings.push(r.finding)
  for (const r of lastFindings) results.get(r.finding.path)!.remaining.push(r.finding)
  for (const [path, text] of texts) results.get(path)!.output = text
  return files.map((f) => results.get(f.path)!)
}

function parseAll(texts: Map<string, string>, broken: Set<string>, results: Map<string, FileResult>, first: boolean): PackageFile[] {
  const out: PackageFile[] = []
  for (const [path, text] of texts) {
    if (broken.has(path)) continue
    const root = parseGo(text).root()
    if (first) {
      const err = firstSyntaxError(root)
      if (err) {
        broken.add(path)
        const pos = positionAt(text, err.range().start.index)
        results.get(path)!.skipped = `syntax error at ${pos.line}:${pos.column}`
        continue
      }
    }
    out.push(describeFile(path, text, root))
  }
  return out
}

function runRules(files: PackageFile[], codemods: readonly Codemod[], options: EngineOptions): RawFinding[] {
  const out: RawFinding[] = []
  // A directory may hold a package and its external test package (`p_test`): index each apart.
  const byName = new Map<string, PackageFile[]>()
  for (const f of files) byName.set(f.packageName, [...(byName.get(f.packageName) ?? []), f])
  for (const group of byName.values()) {
    const pkg = new PackageIndex(group, { modulePath: options.modulePath, importPath: options.importPath })
    for (const file of group) {
      for (const codemod of codemods) {
        if (codemod.prefilter && !codemod.prefilter.some((t) => file.source.includes(t))) continue
        runOne(codemod, file, pkg, options, out)
      }
    }
  }
  return out
}

function runOne(codemod: Codemod, file: PackageFile, pkg: PackageIndex, options: EngineOptions, out: RawFinding[]): void {
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
      return importNameAt(file, pkg, importPath, node, needs)
    },
    report(r: Report) {
      const range = 'range' in r.node && typeof r.node.range === 'function' ? r.node.range() : null
      const start = range ? range.start.index : (r.node as { start: number }).start
      const end = range ? range.end.index : (r.node as { end: number }).end
      if (isSuppressed(file.source, start, meta.id)) return
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
      }
      out.push(raw)
    },
  }
  try {
    timed(options.timings, `rule:${meta.id}`, () => codemod.check(ctx))
  } catch (e) {
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
  }
}

function importNameAt(file: PackageFile, pkg: PackageIndex, importPath: string, node: SgNode, needs?: string): string | null {
  const existing = file.imports.find((i) => i.path === importPath)
  const name = existing ? existing.localName : defaultImportName(importPath)
  if (existing && (existing.name === '_' || existing.name === '.')) return null
  if (!existing) {
    const clash = file.imports.find((i) => i.localName === name)
    if (clash) {
      const compatible = COMPATIBLE_PACKAGES[name]?.[clash.path]
      if (!compatible || !needs || !compatible.includes(needs)) return null
    }
    if (pkg.decls.has(name)) return null
  }
  if (lookupLocal(node, name)) return null
  return name
}

/** Applies kept fixes file by file; a file whose result no longer parses loses the faulty rule's fixes. */
function applyFixes(kept: PendingFix[], texts: Map<string, string>, raw: RawFinding[], results: Map<string, FileResult>): PendingFix[] {
  const byPath = new Map<string, PendingFix[]>()
  for (const fix of kept) {
    for (const path of new Set(fix.edits.map((e) => e.path))) byPath.set(path, [...(byPath.get(path) ?? []), fix])
  }
  const rejected = new Set<PendingFix>()
  const newTexts = new Map<string, string>()
  for (const [path, fixes] of byPath) {
    let attempt = fixes
    for (;;) {
      const text = buildText(texts.get(path)!, path, attempt)
      const err = firstSyntaxError(parseGo(text).root())
      if (!err) {
        newTexts.set(path, text)
        break
      }
      const culprit = findFaultyRule(texts.get(path)!, path, attempt, raw)
      const rule = culprit ?? raw[attempt[0].findingIndex].finding.ruleId
      results.get(path)!.errors.push(`rule ${rule} produced code that does not parse; its fixes in this file were dropped`)
      for (const f of attempt) if (raw[f.findingIndex].finding.ruleId === rule) rejected.add(f)
      attempt = attempt.filter((f) => !rejected.has(f))
      if (attempt.length === 0) break
    }
  }
  // A fix spanning several files lands in all of them or none.
  const applied = kept.filter((f) => !rejected.has(f))
  if (rejected.size > 0) {
    for (const [path] of byPath) {
      const fixes = applied.filter((f) => f.edits.some((e) => e.path === path))
      if (fixes.length === 0) newTexts.delete(path)
      else newTexts.set(path, buildText(texts.get(path)!, path, fixes))
    }
  }
  for (const [path, text] of newTexts) texts.set(path, text)
  return applied
}

function buildText(text: string, path: string, fixes: PendingFix[]): string {
  let out = applyEdits(text, fixes.flatMap((f) => f.edits.filter((e) => e.path === path)))
  const imports = fixes.flatMap((f) => f.imports)
  if (imports.length > 0) {
    const bound = new Set(importsOf(parseGo(out).root()).map((i) => i.localName))
    out = addImports(out, imports.filter((p) => !bound.has(defaultImportName(p)) || importsOf(parseGo(out).root()).some((i) => i.path === p)))
  }
  const removals = fixes.flatMap((f) => f.removeImports)
  if (removals.length > 0) out = removeUnusedImports(out, removals)
  return out
}

function findFaultyRule(text: string, path: string, fixes: PendingFix[], raw: RawFinding[]): string | null {
  const rules = [...new Set(fixes.map((f) => raw[f.findingIndex].finding.ruleId))]
  for (const rule of rules) {
    const mine = fixes.filter((f) => raw[f.findingIndex].finding.ruleId === rule)
    if (firstSyntaxError(parseGo(buildText(text, path, mine)).root())) return rule
  }
  return null
}
