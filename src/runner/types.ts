import type { Finding, Tier } from '../codemod/types.js'
import type { FileSkipReason } from './source-file.js'
import type { RuleOverride } from './overrides.js'

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
  /** Put a `//guidefix:ignore <id> -- baseline` comment above every finding left after the fixes. */
  addIgnores?: boolean
  /** Report `//guidefix:ignore` directives that suppressed nothing (rule id unused-ignore), with a safe fix that removes them. */
  reportUnusedIgnores?: boolean
  /** Rule settings for some packages (`overrides:` in .guidefix.yml), applied in order. */
  overrides?: RuleOverride[]
  /**
   * Milliseconds one file may take (analysis and fixes); past it the file
   * is skipped, reported, and nothing is written for it. Rules loaded from
   * the user's folders are interrupted when they overrun it.
   */
  fileTimeoutMs?: number
  /**
   * --write: files with uncommitted changes (absolute paths) that no fix may
   * change; a package whose fixes reach one of them is not written.
   */
  dirty?: string[]
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
  /** With --add-ignores: baseline comments put in this file. */
  ignoresAdded?: number
  /** Set when the file was analysed around syntax the parser does not understand (the Go parser accepts it): where and what. */
  unsupportedSyntax?: string
}

export interface PackageReport {
  dir: string
  files: FileReport[]
  timings?: Record<string, number>
  /** Set when changed files were to be passed through gofmt and it could not run: why. */
  gofmtNotRun?: string
  /** Resident memory of the worker process that produced the report, in bytes. */
  workerMemory?: number
}
