import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding } from '../codemod/types.js'
import type { FileReport, PackageReport } from './types.js'

/** Diffs and findings held in memory before the rest of a run's go to disk. */
export const REPORT_MEMORY = 4 * 1024 * 1024

interface Span {
  offset: number
  length: number
}

/**
 * Keeps a run's package reports until the report is written, sorted by
 * path. Diffs and findings grow with the corpus (some 30 MB of them for
 * 20,000 files), so once they pass a size, later ones go to a temporary
 * file and each file's report reads its own back when asked: memory stays
 * flat however large the run.
 */
export class ReportStore {
  private readonly reports: PackageReport[] = []
  private held = 0
  private spill: { dir: string; fd: number; size: number } | undefined
  private readonly cleanUp = () => this.dispose()

  constructor(private readonly memory: number = REPORT_MEMORY) {}

  add(report: PackageReport): void {
    if (this.held >= this.memory) report = { ...report, files: report.files.map((f) => this.spilled(f)) }
    else for (const f of report.files) this.held += (f.diff?.length ?? 0) + f.findings.length * 300
    this.reports.push(report)
  }

  /** The reports, by directory. */
  packages(): PackageReport[] {
    return this.reports.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
  }

  /** Removes the temporary file; reports read from it after this fail. */
  dispose(): void {
    if (!this.spill) return
    process.off('exit', this.cleanUp)
    closeSync(this.spill.fd)
    rmSync(this.spill.dir, { recursive: true, force: true })
    this.spill = undefined
  }

  private spilled(file: FileReport): FileReport {
    const { diff, findings, ...rest } = file
    const diffAt = diff === undefined ? undefined : this.write(diff)
    const findingsAt = findings.length === 0 ? undefined : this.write(JSON.stringify(findings))
    return Object.defineProperties(rest as FileReport, {
      diff: { enumerable: true, get: () => (diffAt ? this.read(diffAt) : undefined) },
      findings: { enumerable: true, get: (): Finding[] => (findingsAt ? JSON.parse(this.read(findingsAt)) : []) },
    })
  }

  private write(text: string): Span {
    if (!this.spill) {
      const dir = mkdtempSync(join(tmpdir(), 'guidefix-report-'))
      this.spill = { dir, fd: openSync(join(dir, 'reports'), 'w+'), size: 0 }
      process.once('exit', this.cleanUp)
    }
    const bytes = Buffer.from(text)
    writeSync(this.spill.fd, bytes, 0, bytes.length, this.spill.size)
    const span = { offset: this.spill.size, length: bytes.length }
    this.spill.size += bytes.length
    return span
  }

  private read(span: Span): string {
    if (!this.spill) throw new Error('the run\'s report store was disposed')
    const bytes = Buffer.alloc(span.length)
    readSync(this.spill.fd, bytes, 0, span.length, span.offset)
    return bytes.toString()
  }
}
