import { builtinCodemodDirs, loadCodemods } from '../codemod/loader.js'
import type { Codemod, Finding, Tier } from '../codemod/types.js'
import { processPackage } from '../engine/engine.js'
import { parseGoVersion } from '../engine/go-version.js'
import { unifiedDiff } from '../report/diff.js'
import { gofmtMany } from '../runner/gofmt.js'
import { selectCodemods } from '../runner/select.js'
import { restoreText, sourceFromText } from '../runner/source-file.js'
import { UsageError } from './errors.js'

export interface FixTextOptions {
  /** The Go version to assume (`"1.21"`); without it, the oldest Go, as for a module with no go.mod. */
  goVersion?: string
  /** Only these rules (ids); default: all. */
  rules?: string[]
  /** Leave these rules out. */
  skip?: string[]
  /** Apply suggested fixes too, as --unsafe does. */
  unsafe?: boolean
  /** The name findings and the diff give the text; default `input.go`. A `_test.go` name makes it a test file. */
  filename?: string
  /** Rule options, as under `options:` in .guidefix.yml. */
  ruleOptions?: Record<string, Record<string, unknown>>
  /** Codemods to use instead of the built-in ones (see loadCodemods). */
  codemods?: Codemod[]
  /** Report and remove `//guidefix:ignore` directives that suppress nothing, as --report-unused-ignores does. */
  reportUnusedIgnores?: boolean
}

export interface FixTextResult {
  /** The fixed source, with the input's line endings and byte-order mark. */
  text: string
  /** Every finding on the input, each marked fixed or not. */
  findings: Finding[]
  /** A unified diff of the change; empty when nothing changed. */
  diff: string
  /** Problems: the input did not parse, or a rule failed. */
  errors: string[]
}

let builtins: Promise<Codemod[]> | undefined

/**
 * Runs the rules on one Go source string, as `guidefix --write` would on a
 * file alone in its package. Nothing is read from or written to disk; gofmt
 * is used when it is on PATH.
 */
export async function fixText(source: string, options: FixTextOptions = {}): Promise<FixTextResult> {
  const filename = options.filename ?? 'input.go'
  const all = options.codemods ?? (await (builtins ??= loadCodemods(builtinCodemodDirs())))
  const codemods = selectCodemods(all, { rules: options.rules ?? [], skip: options.skip ?? [], sections: [] })
  let goVersion
  if (options.goVersion !== undefined) {
    goVersion = parseGoVersion(options.goVersion)
    if (!goVersion) throw new UsageError(`goVersion must look like "1.21" (got "${options.goVersion}")`)
  }
  const input = sourceFromText(filename, source)
  const applyTiers = new Set<Tier>(options.unsafe ? ['safe', 'suggest'] : ['safe'])
  const [result] = await processPackage([{ path: filename, text: input.text }], {
    codemods,
    goVersion,
    applyTiers,
    ruleOptions: options.ruleOptions,
    format: gofmtMany,
    needRemaining: false,
    ...(options.reportUnusedIgnores && { unusedIgnores: { knownRules: all.map((c) => c.meta.id) } }),
  })
  const errors = result.skipped ? [result.skipped, ...result.errors] : result.errors
  return {
    text: restoreText(input, result.output),
    findings: [...result.findings].sort((a, b) => a.start.line - b.start.line || a.start.column - b.start.column),
    diff: unifiedDiff(filename, result.original, result.output),
    errors,
  }
}
