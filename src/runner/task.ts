import { relative, sep } from 'node:path'
import { loadCodemods } from '../codemod/loader.js'
import type { Codemod, Tier } from '../codemod/types.js'
import { processPackage, type EngineFile } from '../engine/engine.js'
import { parseGoVersion } from '../engine/go-version.js'
import { timed } from '../engine/timing.js'
import { unifiedDiff } from '../report/diff.js'
import type { PackageTask } from './discover.js'
import { collectEvery } from './gc.js'
import { gofmtMany } from './gofmt.js'
import { GoModCache, importPathOf } from './gomod.js'
import { loadSourceFile, restoreText, type SourceFile } from './source-file.js'
import type { FileReport, PackageReport, RunSettings } from './types.js'
import { writeFileAtomic } from './write.js'
import { checkRuleOptions, selectCodemods } from './select.js'

const codemodCache = new Map<string, Promise<Codemod[]>>()
const goMods = new GoModCache()

/** Codemods for these settings, loaded once per thread. */
export function codemodsFor(settings: RunSettings): Promise<Codemod[]> {
  const key = JSON.stringify([settings.codemodDirs, settings.rules, settings.skip, settings.sections, settings.ruleOptions])
  let p = codemodCache.get(key)
  if (!p) {
    p = loadCodemods(settings.codemodDirs, settings.cwd).then((all) => {
      checkRuleOptions(all, settings.ruleOptions)
      return selectCodemods(all, settings)
    })
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

/** Reads one package, runs the engine, and (with --write) writes what changed. */
export async function runPackageTask(task: PackageTask, settings: RunSettings): Promise<PackageReport> {
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
      if (settings.write) {
        try {
          timed(timings, 'write', () => writeFileAtomic(result.path, restoreText(source, result.output), source.mode))
          report.written = true
        } catch (e) {
          report.status = 'error'
          report.errors.push(`not written: ${describeWriteError(e as NodeJS.ErrnoException)}`)
        }
      }
    }
    reports.set(result.path, report)
  })
  const ordered = [...reports.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { dir: task.dir, files: ordered, timings }
}

function describeWriteError(e: NodeJS.ErrnoException): string {
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'the file (or its directory) is read-only; it was left unchanged'
  if (e.code === 'ENOSPC') return 'no space left on the device; the file was left unchanged'
  return `${e.code ?? 'error'}: ${e.message}; the file was left unchanged`
}
