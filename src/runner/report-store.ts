import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Finding } from '../codemod/types.js'
import type { FileReport, PackageReport } from './types.js'
import { tempFolderPrefix } from './stale.js'

/** Diffs and findings held in memory before the rest of a run's reports go to disk. */
export const REPORT_MEMORY = 4 * 1024 * 1024

/** Where one file's report was written: a file of the report folder, and the bytes in it. */
export interface Span {
  file: string
  offset: number
  length: number
}

/** A file's report written to disk, by path. */
export interface StoredFileReport {
  path: string
  span: Span
}

/** A package's report with its file reports on disk, as a worker process sends it. */
export interface StoredPackageReport extends Omit<PackageReport, 'files'> {
  files: StoredFileReport[]
}

/**
 * Appends file reports to a file of its own in the report folder (one per
 * process, so that processes never write to the same file), for a
 * ReportStore to read back.
 */
export class ReportWriter {
  private fd: number | undefined
  private size = 0
  readonly file: string

  constructor(dir: string) {
    this.file = join(dir, `reports-${process.pid}`)
  }

  store(report: PackageReport): StoredPackageReport {
    return { ...report, files: report.files.map((f) => ({ path: f.path, span: this.append(JSON.stringify(f)) })) }
  }

  append(text: string): Span {
    this.fd ??= openSync(this.file, 'w')
    const bytes = Buffer.from(text)
    writeSync(this.fd, bytes, 0, bytes.length, this.size)
    const span = { file: this.file, offset: this.size, length: bytes.length }
    this.size += bytes.length
    return span
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * Keeps a run's package reports until the report is written, sorted by
 * path. Reports grow with the corpus (diffs and findings alone are some
 * 30 MB for 20,000 files), so only the first few MB of them are held in
 * memory: later files' reports go to a temporary folder (worker processes
 * write theirs there themselves) and only their paths stay in memory, each
 * report reading its fields back when asked.
 */
export class ReportStore {
  private readonly reports: PackageReport[] = []
  private held = 0
  private folder: string | undefined
  private writer: ReportWriter | undefined
  private readonly readers = new Map<string, number>()
  private last: { span: Span; record: FileReport } | undefined
  private noFolder = false
  private readonly cleanUp = () => this.dispose()
  // Interrupted, the process would skip 'exit': clean up, then end as the signal would have.
  private readonly interrupted = (signal: NodeJS.Signals) => {
    this.dispose()
    process.kill(process.pid, signal)
  }

  constructor(private readonly memory: number = REPORT_MEMORY) {}

  /**
   * The folder reports go to, made when first asked for and removed by
   * dispose; undefined when no temporary folder can be made, and then every
   * report stays in memory.
   */
  dir(): string | undefined {
    if (!this.folder && !this.noFolder) {
      try {
        this.folder = mkdtempSync(tempFolderPrefix('report'))
      } catch {
        this.noFolder = true
        return undefined
      }
      process.once('exit', this.cleanUp)
    }
    return this.folder
  }

  /**
   * From now on an interrupt removes the folder before the process ends as
   * the signal would have it. A run calls this once it is over: while it
   * goes on, the run itself answers signals (and disposes of the store).
   */
  guardSignals(): void {
    if (!this.folder) return
    process.once('SIGINT', this.interrupted)
    process.once('SIGTERM', this.interrupted)
  }

  add(report: PackageReport): void {
    const dir = this.held >= this.memory ? this.dir() : undefined
    if (dir) {
      this.writer ??= new ReportWriter(dir)
      this.addStored(this.writer.store(report))
      return
    }
    for (const f of report.files) this.held += (f.diff?.length ?? 0) + f.findings.length * 300
    this.reports.push(report)
  }

  addStored(report: StoredPackageReport): void {
    this.reports.push({ ...report, files: report.files.map((f) => new SpilledFileReport(f.path, this, f.span)) })
  }

  /** The reports, by directory. */
  packages(): PackageReport[] {
    return this.reports.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
  }

  /** A stored file's whole report, read back; the last one is kept, since its fields are read together. */
  recordAt(span: Span): FileReport {
    if (this.last?.span !== span) this.last = { span, record: JSON.parse(this.read(span)) as FileReport }
    return this.last.record
  }

  /** Removes the report folder; stored reports cannot be read after this. */
  dispose(): void {
    this.writer?.close()
    for (const fd of this.readers.values()) closeSync(fd)
    this.readers.clear()
    if (!this.folder) return
    process.off('exit', this.cleanUp)
    process.off('SIGINT', this.interrupted)
    process.off('SIGTERM', this.interrupted)
    rmSync(this.folder, { recursive: true, force: true })
    this.folder = undefined
  }

  private read(span: Span): string {
    if (!this.folder) throw new Error("the run's stored reports were removed")
    let fd = this.readers.get(span.file)
    if (fd === undefined) this.readers.set(span.file, (fd = openSync(span.file, 'r')))
    const bytes = Buffer.alloc(span.length)
    readSync(fd, bytes, 0, span.length, span.offset)
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

  get unsupportedSyntax(): string | undefined {
    return this.record.unsupportedSyntax
  }

  toJSON(): FileReport {
    return this.record
  }
}
