import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding } from '../codemod/types.js'
import type { FileReport, PackageReport } from './types.js'

/** Diffs and findings held in memory before the rest of a run's reports go to disk. */
export const REPORT_MEMORY = 4 * 1024 * 1024

interface Span {
  offset: number
  length: number
}

/**
 * Keeps a run's package reports until the report is written, sorted by
 * path. Reports grow with the corpus (diffs and findings alone are some
 * 30 MB for 20,000 files), so once their diffs and findings pass a size,
 * later files' reports go to a temporary file and only their paths stay in
 * memory: each report reads its fields back when asked.
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

  /** A spilled file's whole report, read back; the last one is kept, since its fields are read together. */
  recordAt(span: Span): FileReport {
    if (this.last?.span !== span) this.last = { span, record: JSON.parse(this.read(span)) as FileReport }
    return this.last.record
  }

  private last: { span: Span; record: FileReport } | undefined

  private spilled(file: FileReport): FileReport {
    return new SpilledFileReport(file.path, this, this.write(JSON.stringify(file)))
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

/**
 * A file's report kept on disk: only the path stays in memory, and each
 * field is read back when asked for. JSON.stringify gives the whole report.
 */
class SpilledFileReport implements FileReport {
  constructor(
    readonly path: string,
    private readonly store: ReportStore,
    private readonly span: Span,
  ) {}

  private get record(): FileReport {
    return this.store.recordAt(this.span)
  }

  get status(): FileReport['status'] {
    return this.record.status
  }

  get skipReason(): FileReport['skipReason'] {
    return this.record.skipReason
  }

  get detail(): string | undefined {
    return this.record.detail
  }

  get diff(): string | undefined {
    return this.record.diff
  }

  get findings(): Finding[] {
    return this.record.findings
  }

  get fixes(): FileReport['fixes'] {
    return this.record.fixes
  }

  get errors(): string[] {
    return this.record.errors
  }

  get written(): boolean | undefined {
    return this.record.written
  }

  toJSON(): FileReport {
    return this.record
  }
}
