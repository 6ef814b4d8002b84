import type { Finding, Tier } from '../codemod/types.js'
import type { FileSkipReason } from './source-file.js'

/** What a run is asked to do; the CLI builds it, scripts may too. */
export interface RunSettings {
  /** Folders to load codemods from (the built-in ones first). */
  codemodDirs: string[]
  /** Rule ids to run (empty: all). */
  rules: string[]
  skip: string[]
  sections: string[]
  applyTiers: Tier[]
  write: boolean
  renameExported: boolean
  /** "1.21", overriding go.mod. */
  goVersion?: string
  ruleOptions: Record<string, Record<string, unknown>>
  maxBytes: number
  /** Pass changed files through gofmt when they were gofmt-clean. */
  gofmt: boolean
  /** Directory diffs' paths are shown relative to. */
  cwd: string
  /** Collect per-phase and per-rule timings. */
  profile: boolean
  /** Folder where each changed file's text before and after is kept for --verify. */
  keepTexts?: string
}

export interface FileReport {
  path: string
  status: 'changed' | 'unchanged' | 'skipped' | 'error'
  skipReason?: FileSkipReason
  detail?: string
  /** Unified diff of the change (dry run) or of what was written. */
  diff?: string
  /** Dry run: findings on the input; --write: findings left in the output. */
  findings: Finding[]
  fixes: { safe: number; suggest: number }
  errors: string[]
  written?: boolean
}

export interface PackageReport {
  dir: string
  files: FileReport[]
  timings?: Record<string, number>
  /** Resident memory of the worker process that produced the report, in bytes. */
  workerMemory?: number
}
