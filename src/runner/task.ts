import { relative, sep } from 'node:path'
import { loadCodemods } from '../codemod/loader.js'
import type { Codemod, Tier } from '../codemod/types.js'
import { processPackage, type EngineFile } from '../engine/engine.js'
import { parseGoVersion } from '../engine/go-version.js'
import { timed } from '../engine/timing.js'
import { unifiedDiff } from '../report/diff.js'
import type { PackageTask } from './discover.js'
import { collectEvery } from './gc.js'
import { gofmtMany, takeGofmtShortfall } from './gofmt.js'
import { GoModCache, importPathOf } from './gomod.js'
import { loadSourceFile, restoreText, type SourceFile } from './source-file.js'
import type { FileReport, PackageReport, RunSettings } from './types.js'
import { writePackageFiles, type PendingWrite } from './write.js'
import { selectCodemods } from './select.js'
import { Interrupted } from './interrupted.js'

const codemodCache = new Map<string, Promise<Codemod[]>>()
const goMods = new GoModCache()

/** Codemods for these settings, loaded once per thread. */
export function codemodsFor(settings: RunSettings): Promise<Codemod[]> {
  const key = JSON.stringify([settings.codemodDirs, settings.rules, settings.skip, settings.sections])
  let p = codemodCache.get(key)
  if (!p) {
    p = loadCodemods(settings.codemodDirs, settings.cwd).then((all) => selectCodemods(all, settings))
    codemodCache.set(key, p)
  }
  return p
}

function display(settings: RunSettings, path: string): string {
  return relative(settings.cwd, path).split(sep).join('/') || path
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
export async function runPackageTask(task: PackageTask, settings: RunSettings, control: WriteControl = {}): Promise<PackageReport> {
  const codemods = await codemodsFor(settings)
  const timings: Record<string, number> | undefined = settings.profile ? {} : undefined
  const targets = new Set(task.targets)
  const reports = new Map<string, FileReport>()
  const sources: SourceFile[] = []
  timed(timings, 'read', () => {
    for (const path of [...task.targets, ...task.context]) {
      const loaded = loadSourceFile(path, settings.maxBytes)
      if (loaded.ok) sources.push(loaded.file)
      else if (targets.has(path)) reports.set(path, { ...emptyReport(path), status: 'skipped', skipReason: loaded.reason, detail: loaded.detail })
    }
  })

  const mod = goMods.lookup(task.dir)
  const goVersion = settings.goVersion ? parseGoVersion(settings.goVersion) : mod.version
  const files: EngineFile[] = sources.map((s) => ({ path: s.path, text: s.text, context: !targets.has(s.path) }))
  const results = await processPackage(files, {
    codemods,
    goVersion,
    applyTiers: new Set<Tier>(settings.applyTiers),
    ruleOptions: settings.ruleOptions,
    renameExported: settings.renameExported,
    modulePath: mod.modulePath,
    importPath: importPathOf(mod, task.dir),
    format: settings.gofmt ? gofmtMany : undefined,
    needRemaining: settings.write,
    pause: (droppedSource) => collectEvery(1, droppedSource),
    timings,
  })

  const pending: { write: PendingWrite; report: FileReport }[] = []
  results.forEach((result, i) => {
    const source = sources[i]
    const isTarget = targets.has(result.path)
    const changed = result.output !== result.original
    // Context files are only reported when a package-wide fix (a rename) changed them.
    if (!isTarget && !changed) return
    const report: FileReport = {
      ...emptyReport(result.path),
      findings: isTarget ? (settings.write ? result.remaining : result.findings) : [],
      fixes: result.fixes,
      errors: result.errors,
    }
    if (result.skipped) {
      report.status = 'skipped'
      report.skipReason = 'syntax-error'
      report.detail = result.skipped
    } else if (changed) {
      report.status = 'changed'
      report.diff = timed(timings, 'diff', () => unifiedDiff(display(settings, result.path), result.original, result.output))
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
    const name = display(settings, blocked.write.path)
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
