import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Codemod } from '../codemod/types.js'
import { displayPath } from '../report/paths.js'
import type { PackageTask } from './discover.js'
import { Limiter, runChecks, type CheckOutcome, type CheckTarget, type VerifyCheck } from './go-toolchain.js'
import { groupByModule, type PackageGroup } from './module-root.js'
import { runPackageTask } from './task.js'
import type { PackageReport, RunSettings } from './types.js'
import { readKept, textFile, textKey } from './verify-texts.js'
import { newErrors } from './new-errors.js'
import { markRolledBack, withFixesOnly } from './rule-subset.js'
import { writeFileAtomic } from './write.js'

/** A rule whose fixes a package did not keep, and what the toolchain said with them. */
export interface RolledBackRule {
  rule: string
  /** The first lines the compiler, vet or the tests printed for the package with that rule's fixes. */
  errors: string[]
}

export interface PackageVerification {
  dir: string
  /**
   * passed: the fixed package passes the checks. rolled-back: it failed
   * where the original passed, so its original text was put back and only
   * the rules whose fixes pass were applied again. pre-existing: it failed
   * before the fixes too, with the same errors, so nothing is blamed on
   * them and they are kept.
   */
  status: 'passed' | 'rolled-back' | 'pre-existing'
  /** Rules whose fixes the package keeps. */
  kept: string[]
  rolledBack: RolledBackRule[]
  /** The first error lines: after the fixes for a rolled-back package, before them for a pre-existing failure. */
  errors: string[]
  note?: string
}

export interface VerifyReport {
  checks: VerifyCheck[]
  packages: PackageVerification[]
  elapsedMs: number
}

export interface VerifyInput {
  go: string
  checks: VerifyCheck[]
  jobs: number
  reports: PackageReport[]
  tasks: PackageTask[]
  /** The run's settings, with keepTexts naming the folder the fixing tasks filled. */
  settings: RunSettings & { keepTexts: string }
  codemods: Codemod[]
  onProgress?: (done: number, total: number) => void
}

export interface VerifyOutcome {
  report: VerifyReport
  /** New reports for the packages whose fixes were partly or wholly taken back. */
  replaced: Map<string, PackageReport>
}

const ERROR_LINES = 5

interface ChangedFile {
  before: string
  beforeFile: string
  /** The text the package holds now: the fixed one, or what the rollback left. */
  current: string
  currentFile: string
  mode: number
}

interface PackageState {
  dir: string
  files: Map<string, ChangedFile>
  /** Rules whose fixes the package holds, in rule order. */
  rules: string[]
  /** What the checks printed for the package's original text, when that failed too (then only new errors are blamed). */
  baseline?: string[]
  verdict?: PackageVerification
}

function modeOf(path: string): number {
  try {
    return statSync(path).mode
  } catch {
    return 0o644
  }
}

/**
 * `--verify`: checks every changed package with the Go toolchain, through
 * an overlay that gives each changed file the text under test (the disk is
 * never used for that, so a dry run works the same), and takes back the
 * fixes of a package that newly fails, keeping rule by rule those that pass.
 */
export async function verifyRun(input: VerifyInput): Promise<VerifyOutcome> {
  const started = performance.now()
  const { settings } = input
  const order = new Map(input.codemods.map((c, i) => [c.meta.id, i]))
  const states = new Map<string, PackageState>()
  for (const pkg of input.reports) {
    const files = new Map<string, ChangedFile>()
    const rules = new Set<string>()
    for (const f of pkg.files) {
      if (f.status !== 'changed') continue
      const kept = readKept(settings.keepTexts, f.path)
      if (!kept) continue
      const beforeFile = textFile(settings.keepTexts, 'before', f.path)
      const afterFile = textFile(settings.keepTexts, 'after', f.path)
      files.set(f.path, { before: kept.before, beforeFile, current: kept.after, currentFile: afterFile, mode: modeOf(f.path) })
      kept.rules.forEach((r) => rules.add(r))
    }
    if (files.size > 0) states.set(pkg.dir, { dir: pkg.dir, files, rules: [...rules].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) })
  }
  const total = states.size
  let done = 0
  input.onProgress?.(0, total)
  const ctx = new VerifyContext(input, (state, verdict) => {
    state.verdict = verdict
    input.onProgress?.(++done, total)
  })
  const groups = groupByModule(input.go, [...states.keys()])
  await Promise.all(groups.map((g) => ctx.verifyGroup(g, g.dirs.map((d) => states.get(d)!))))

  const packages = [...states.values()].map((s) => s.verdict!).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
  return { report: { checks: input.checks, packages, elapsedMs: Math.round(performance.now() - started) }, replaced: ctx.replaced }
}

function firstLines(lines: readonly string[] | undefined): string[] {
  return (lines ?? []).slice(0, ERROR_LINES)
}

/** One run's verification: the toolchain, the job limit, the folder of texts, and what was decided. */
class VerifyContext {
  readonly limiter: Limiter
  readonly replaced = new Map<string, PackageReport>()
  private serial = 0

  constructor(
    readonly input: VerifyInput,
    private readonly settle: (state: PackageState, verdict: PackageVerification) => void,
  ) {
    this.limiter = new Limiter(Math.max(1, input.jobs))
  }

  private get folder(): string {
    return this.input.settings.keepTexts
  }

  /**
   * Checks `dirs` with every changed file of the group given the text
   * `fileOf` names; a failure no package can be blamed for by its error
   * lines is narrowed down by checking each package alone.
   */
  async failures(group: PackageGroup, dirs: string[], states: PackageState[], fileOf: (s: PackageState, f: ChangedFile) => string, checked?: CheckOutcome): Promise<Map<string, string[]>> {
    const outcome = checked ?? (await this.check(group, dirs, states, fileOf))
    if (outcome.ok || !outcome.unattributed) return outcome.failed
    if (dirs.length === 1) return new Map([[dirs[0], outcome.unattributed]])
    const alone = await Promise.all(dirs.map((d) => this.failures(group, [d], states, fileOf)))
    return new Map(alone.flatMap((m) => [...m]))
  }

  async check(group: PackageGroup, dirs: string[], states: PackageState[], fileOf: (s: PackageState, f: ChangedFile) => string): Promise<CheckOutcome> {
    const replace: Record<string, string> = {}
    const overlaid = new Map<string, string>()
    for (const s of states) {
      for (const [path, f] of s.files) {
        const file = fileOf(s, f)
        replace[path] = file
        overlaid.set(file, path)
      }
    }
    const overlay = join(this.folder, `overlay-${this.serial++}.json`)
    writeFileSync(overlay, JSON.stringify({ Replace: replace }))
    const byKey = new Map(states.flatMap((s) => [...s.files.keys()].map((p) => [textKey(p), p] as const)))
    const target: CheckTarget = { cwd: group.cwd, gopath: group.gopath, dirs, importPaths: group.importPaths, overlay, overlaid, byKey }
    return runChecks(this.input.go, this.input.checks, target, this.limiter, (p) => displayPath(p, this.input.settings.cwd))
  }

  /**
   * Checks a module's changed packages together; those that fail are
   * checked on their original text, and those that passed there are rolled
   * back. Until nothing more fails, the rest is checked again: a package
   * whose dependency failed was not compiled the first time.
   */
  async verifyGroup(group: PackageGroup, states: PackageState[]): Promise<void> {
    const current = (_: PackageState, f: ChangedFile) => f.currentFile
    const original = (_: PackageState, f: ChangedFile) => f.beforeFile
    for (;;) {
      const open = states.filter((s) => !s.verdict)
      if (open.length === 0) return
      const dirs = open.map((s) => s.dir)
      const outcome = await this.check(group, dirs, states, current)
      if (outcome.unattributed) {
        // A failure of the whole module (go.mod, a missing download) that the original text shares is no one's fault.
        const base = await this.check(group, dirs, states, original)
        if (base.unattributed && newErrors(outcome.unattributed, base.unattributed).length === 0) {
          for (const s of open) this.settle(s, { dir: s.dir, status: 'pre-existing', kept: s.rules, rolledBack: [], errors: firstLines(base.unattributed) })
          return
        }
      }
      const failed = await this.failures(group, dirs, states, current, outcome)
      if (failed.size === 0) {
        for (const s of open) this.settle(s, { dir: s.dir, status: 'passed', kept: s.rules, rolledBack: [], errors: [] })
        return
      }
      const suspects = open.filter((s) => failed.has(s.dir))
      const before = await this.failures(group, suspects.map((s) => s.dir), states, original)
      const blamed: PackageState[] = []
      for (const s of suspects) {
        const old = before.get(s.dir)
        const fresh = old ? newErrors(failed.get(s.dir)!, old) : failed.get(s.dir)!
        // Failing where the original passed is the fixes' doing, whatever the go command said.
        if (!old || fresh.length > 0) {
          s.baseline = old
          failed.set(s.dir, fresh)
          blamed.push(s)
          continue
        }
        const note = group.outsideGopath.has(s.dir) ? 'not in a module and outside GOPATH/src: its imports may not resolve' : undefined
        this.settle(s, { dir: s.dir, status: 'pre-existing', kept: s.rules, rolledBack: [], errors: firstLines(old), ...(note ? { note } : {}) })
      }
      // While they are retried, the blamed packages stand at their original text for everyone else's checks.
      for (const s of blamed) for (const f of s.files.values()) {
        f.current = f.before
        f.currentFile = f.beforeFile
      }
      await Promise.all(blamed.map((s) => this.rollBack(group, s, states, failed.get(s.dir)!)))
    }
  }

  /** Puts a package's original text back, then applies its rules' fixes again one at a time, keeping those that pass. */
  private async rollBack(group: PackageGroup, state: PackageState, states: PackageState[], errors: string[]): Promise<void> {
    const { settings, tasks, codemods } = this.input
    if (settings.write) for (const [path, f] of state.files) writeFileAtomic(path, f.before, f.mode)
    const task = tasks.find((t) => t.dir === state.dir)!
    const kept: string[] = []
    const rolledBack: RolledBackRule[] = []
    // Texts of the accepted rules' fixes, by path; the original where no accepted fix changed a file.
    let accepted = new Map<string, { text: string; file: string }>()
    for (const rule of state.rules) {
      const tryDir = join(this.folder, `retry-${this.serial++}`)
      const report = await runPackageTask(task, { ...settings, write: false, keepTexts: tryDir }, {}, withFixesOnly(codemods, new Set([...kept, rule])))
      const texts = new Map<string, { text: string; file: string }>()
      for (const f of report.files) {
        const k = f.status === 'changed' ? readKept(tryDir, f.path) : undefined
        if (k) texts.set(f.path, { text: k.after, file: textFile(tryDir, 'after', f.path) })
      }
      const same = texts.size === accepted.size && [...texts].every(([p, t]) => accepted.get(p)?.text === t.text)
      if (same) continue
      for (const path of texts.keys()) {
        if (!state.files.has(path)) state.files.set(path, { before: readKept(tryDir, path)!.before, beforeFile: textFile(tryDir, 'before', path), current: '', currentFile: '', mode: modeOf(path) })
      }
      const fileOf = (s: PackageState, f: ChangedFile) => {
        if (s !== state) return f.currentFile
        const path = [...s.files].find(([, g]) => g === f)![0]
        return texts.get(path)?.file ?? f.beforeFile
      }
      const failed = await this.failures(group, [state.dir], states, fileOf)
      const now = failed.get(state.dir)
      const fresh = now && state.baseline ? newErrors(now, state.baseline) : (now ?? [])
      if (!now || (state.baseline && fresh.length === 0)) {
        kept.push(rule)
        accepted = texts
      } else {
        rolledBack.push({ rule, errors: firstLines(fresh.length > 0 ? fresh : ['the go command failed without saying where']) })
      }
    }
    for (const [path, f] of state.files) {
      const t = accepted.get(path)
      f.current = t?.text ?? f.before
      f.currentFile = t?.file ?? f.beforeFile
    }
    // The package's report and (with --write) its files, from the fixes that passed.
    const report = await runPackageTask(task, { ...settings, keepTexts: undefined }, {}, withFixesOnly(codemods, new Set(kept)))
    markRolledBack(report, codemods, new Set(rolledBack.map((r) => r.rule)))
    this.replaced.set(state.dir, report)
    if (rolledBack.length > 0) this.settle(state, { dir: state.dir, status: 'rolled-back', kept, rolledBack, errors: firstLines(errors) })
    else this.settle(state, { dir: state.dir, status: 'passed', kept, rolledBack, errors: [], note: 'passed once its fixes were applied rule by rule' })
  }
}
