import { CodemodLoadError, loadCodemods } from '../codemod/loader.js'
import { exampleProblem } from '../engine/examples.js'
import type { Codemod, Tier } from '../codemod/types.js'
import { processPackage, type EngineFile, type FileResult, type OpaqueFile } from '../engine/engine.js'
import { addIgnoreComments } from '../engine/baseline.js'
import { parseGoVersion } from '../engine/go-version.js'
import { timed } from '../engine/timing.js'
import { unifiedDiff } from '../report/diff.js'
import { displayPath } from '../report/paths.js'
import type { PackageTask } from './discover.js'
import { collectEvery } from './gc.js'
import { gofmtMany, gofmtPath, goSyntaxError, takeGofmtShortfall } from './gofmt.js'
import { GoModCache, importPathOf } from './gomod.js'
import { importerSources } from './module-importers.js'
import { describeSkip, loadSourceFile, restoreText, textForMentions, type SourceFile } from './source-file.js'
import type { FileReport, PackageReport, RunSettings } from './types.js'
import { writePackageFiles, type PendingWrite } from './write.js'
import { selectCodemods } from './select.js'
import { UNUSED_IGNORE } from '../codemod/engine-checks.js'
import { settingsForPackage } from './overrides.js'

/** Time one file may take unless the settings say otherwise: far beyond what a real file needs. */
export const DEFAULT_FILE_TIMEOUT_MS = 60_000
import { Interrupted } from './interrupted.js'
import { fixedRules, keepTexts } from './verify-texts.js'

const catalogCache = new Map<string, Promise<Codemod[]>>()
const codemodCache = new Map<string, Promise<Codemod[]>>()
const goMods = new GoModCache()

/** Every codemod of the settings' folders, selected or not, loaded and checked once per process. */
export function catalogFor(settings: RunSettings): Promise<Codemod[]> {
  const key = JSON.stringify([settings.codemodDirs, settings.cwd])
  let p = catalogCache.get(key)
  if (!p) {
    p = loadCodemods(settings.codemodDirs, settings.cwd).then(async (all) => {
      // The user's rules must report their own examples; the built-in ones are held to it by the test suite.
      for (const c of all.filter((c) => c.external)) {
        const problem = await exampleProblem(c)
        if (problem) throw new CodemodLoadError(c.meta.source?.file ?? c.meta.id, problem)
      }
      return all
    })
    catalogCache.set(key, p)
  }
  return p
}

/** Codemods for these settings, loaded once per process. */
export function codemodsFor(settings: RunSettings): Promise<Codemod[]> {
  const key = JSON.stringify([settings.codemodDirs, settings.cwd, settings.rules, settings.skip, settings.sections, settings.ruleOptions])
  let p = codemodCache.get(key)
  if (!p) {
    p = catalogFor(settings).then((all) => selectCodemods(all, settings))
    codemodCache.set(key, p)
  }
  return p
}


/** A report for a file nothing happened to yet. */
export function emptyReport(path: string): FileReport {
  return { path, status: 'unchanged', findings: [], fixes: { safe: 0, suggest: 0 }, errors: [] }
}

/** How a package's writes are governed: stopped after an interrupt, and where each written file is recorded. */
export interface WriteControl {
  /** Asked just before a package's files are written: true after an interrupt, and then nothing is written. */
  shouldStop?: () => boolean
  /** Called as each file is written, so that an interrupted run can say what it wrote. */
  written?: (path: string) => void
}

/** Reads one package, runs the engine, and (with --write) writes what changed. */
export async function runPackageTask(task: PackageTask, runSettings: RunSettings, control: WriteControl = {}, only?: Codemod[]): Promise<PackageReport> {
  const settings = settingsForPackage(runSettings, task.dir)
  const codemods = only ?? (await codemodsFor(settings))
  const timings: Record<string, number> | undefined = settings.profile ? {} : undefined
  const targets = new Set(task.targets)
  const reports = new Map<string, FileReport>()
  const sources: SourceFile[] = []
  // Files of the package that cannot be analysed: a rename must know whether they may use a name.
  const opaque: OpaqueFile[] = []
  timed(timings, 'read', () => {
    for (const path of [...task.targets, ...task.context]) {
      const loaded = loadSourceFile(path, settings.maxBytes)
      if (loaded.ok) sources.push(loaded.file)
      else opaque.push({ path, reason: describeSkip(loaded.reason), text: textForMentions(path) })
      const skipReason = loaded.ok ? (loaded.file.generated ? 'generated' : undefined) : loaded.reason
      if (skipReason && targets.has(path)) reports.set(path, { ...emptyReport(path), status: 'skipped', skipReason, detail: loaded.ok ? undefined : loaded.detail })
    }
  })

  const mod = goMods.lookup(task.dir)
  const goVersion = settings.goVersion ? parseGoVersion(settings.goVersion) : mod.version
  const importPath = importPathOf(mod, task.dir)
  // Generated files are context: renames must see their uses, and may not change them.
  const files: EngineFile[] = sources.map((s) => ({ path: s.path, text: s.text, context: !targets.has(s.path) || s.generated, frozen: s.generated ? 'is generated code' : undefined }))
  const results = await processPackage(files, {
    codemods,
    goVersion,
    applyTiers: new Set<Tier>(settings.applyTiers),
    ruleOptions: settings.ruleOptions,
    renameExported: settings.renameExported,
    opaque,
    modulePath: mod.modulePath,
    requires: mod.requires,
    importPath,
    // Searched only when a rule plans to rename an exported name, which only --rename-exported allows.
    importers: settings.renameExported && importPath ? () => importerSources(mod, task.dir, importPath, settings.cwd, settings.maxBytes) : undefined,
    format: settings.gofmt ? gofmtMany : undefined,
    needRemaining: settings.write || settings.addIgnores === true,
    pause: (droppedSource) => collectEvery(1, droppedSource),
    timings,
    checkSyntax: gofmtPath() ? (text) => goSyntaxError(text) ?? null : undefined,
    fileTimeoutMs: settings.fileTimeoutMs === undefined ? DEFAULT_FILE_TIMEOUT_MS : settings.fileTimeoutMs || undefined,
    unusedIgnores: settings.reportUnusedIgnores ? { knownRules: (await catalogFor(settings)).map((c) => c.meta.id) } : undefined,
  })

  const pending: { write: PendingWrite; report: FileReport }[] = []
  results.forEach((result, i) => {
    const source = sources[i]
    const isTarget = targets.has(result.path) && !source.generated
    // Context files are only reported when a package-wide fix (a rename) changed them.
    if (!isTarget && result.output === result.original) return
    const report: FileReport = {
      ...emptyReport(result.path),
      findings: isTarget ? (settings.write ? result.remaining : result.findings) : [],
      fixes: result.fixes,
      errors: result.errors,
    }
    if (settings.addIgnores && isTarget && !result.skipped) baselineFile(result, report, settings.write)
    if (result.unsupportedSyntax) report.unsupportedSyntax = result.unsupportedSyntax
    if (result.skipped) {
      report.status = 'skipped'
      report.skipReason = result.skipReason ?? 'syntax-error'
      report.detail = result.skipped
    } else if (result.output !== result.original) {
      report.status = 'changed'
      report.diff = timed(timings, 'diff', () => unifiedDiff(displayPath(result.path, settings.cwd), result.original, result.output))
      if (settings.keepTexts) keepTexts(settings.keepTexts, result.path, restoreText(source, result.original), restoreText(source, result.output), fixedRules(result.findings))
      if (settings.write) pending.push({ write: { path: result.path, text: restoreText(source, result.output), mode: source.mode, snapshot: source.snapshot }, report })
    }
    reports.set(result.path, report)
  })
  if (pending.length > 0) await writeChanged(pending, settings, control, timings)
  const ordered = [...reports.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const gofmt = takeGofmtShortfall()
  return { dir: task.dir, files: ordered, timings, ...(gofmt ? { gofmtNotRun: gofmt } : {}) }
}

/**
 * Writes a package's changed files, unless the run was interrupted or a fix
 * reaches a file with uncommitted changes the user did not let it touch
 * (then none of the package is written: a rename must not be half done).
 */
async function writeChanged(pending: { write: PendingWrite; report: FileReport }[], settings: RunSettings, control: WriteControl, timings: Record<string, number> | undefined): Promise<void> {
  // A signal is handled when the event loop turns: let it, then look.
  await new Promise((resolve) => setImmediate(resolve))
  if (control.shouldStop?.()) throw new Interrupted()
  const dirty = settings.dirty ? new Set(settings.dirty) : undefined
  const blocked = dirty ? pending.find((p) => dirty.has(p.write.path)) : undefined
  if (blocked) {
    const name = displayPath(blocked.write.path, settings.cwd)
    for (const { report } of pending) {
      report.status = 'error'
      report.errors.push(`not written: the fixes of this package also change ${name}, which has uncommitted changes; commit or stash it, or pass --allow-dirty`)
    }
    return
  }
  const outcomes = timed(timings, 'write', () => writePackageFiles(pending.map((p) => p.write), control.written))
  outcomes.forEach((o, i) => {
    const { report } = pending[i]
    if (o.error) {
      report.status = 'error'
      report.errors.push(o.error)
    } else report.written = true
  })
}

/**
 * --add-ignores: the findings left after the fixes get a baseline comment
 * each, and the file's report keeps only those no comment could cover (and,
 * in a dry run, the fixed ones). gofmt tidies the result when the fixed text
 * was gofmt-clean.
 */
function baselineFile(result: FileResult, report: FileReport, write: boolean): void {
  // A directive cannot silence the report of an unused one: such findings stay findings.
  const unused = result.remaining.filter((f) => f.ruleId === UNUSED_IGNORE)
  const { text, added, refused } = addIgnoreComments(result.output, result.remaining.filter((f) => f.ruleId !== UNUSED_IGNORE))
  if (added === 0) return
  let output = text
  const [before, after] = gofmtMany([result.output, text])
  if (before === result.output && after) output = after
  result.output = output
  report.ignoresAdded = added
  report.findings = write ? [...unused, ...refused] : [...result.findings.filter((f) => f.fixed), ...unused, ...refused]
}
