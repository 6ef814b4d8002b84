import { isAbsolute, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CodemodMeta, Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import type { VerifyReport } from '../runner/verify.js'
import { allFiles, allFindings, summarize, type Summary } from './summary.js'
import { displayPath } from './paths.js'
import { map } from './iterables.js'
import { itemsOf, jsonChunks } from './json-chunks.js'
import { ruleStatistics, type RuleStatistics } from './statistics.js'
import { changesByFinding, lineChanges, sarifFix } from './sarif-fixes.js'
import { renderExplain, renderExplainMarkdown } from './catalog.js'

export const JSON_FORMAT_VERSION = 1

export interface JsonFinding extends Omit<Finding, 'path'> {
  path: string
}

/** The `--format json` document; `guidefix merge` reads it back. */
export interface JsonReport {
  version: number
  tool: 'guidefix'
  files: { path: string; status: string; skipReason?: string; detail?: string; unsupportedSyntax?: string; diff?: string; fixes?: { safe: number; suggest: number }; errors: string[] }[]
  findings: JsonFinding[]
  summary: Summary
  rules: Pick<CodemodMeta, 'id' | 'section' | 'tier' | 'message' | 'rationale'>[]
  /** Per-rule counts, present with --statistics. */
  statistics?: RuleStatistics[]
  /** With --verify: per changed package, its status, the rules rolled back and the first error lines. */
  verify?: VerifyReport
}

type JsonFile = JsonReport['files'][number]
type JsonRule = JsonReport['rules'][number]

/** The parts of a report, with the long lists produced on demand. */
interface ReportParts {
  files: () => Iterable<JsonFile>
  findings: () => Iterable<JsonFinding>
  summary: Summary
  rules: JsonRule[]
}

function reportParts(result: RunResult, cwd: string): ReportParts {
  const files = allFiles(result)
  return {
    files: function* () {
      for (const f of files) {
        if (f.status !== 'unchanged' || f.errors.length > 0 || f.unsupportedSyntax) {
          const fixes = f.fixes.safe + f.fixes.suggest > 0 ? { safe: f.fixes.safe, suggest: f.fixes.suggest } : undefined
          yield { path: displayPath(f.path, cwd), status: f.status, skipReason: f.skipReason, detail: f.detail, unsupportedSyntax: f.unsupportedSyntax, diff: f.diff, fixes, errors: f.errors }
        }
      }
    },
    findings: function* () {
      for (const f of allFindings(files)) yield { ...f, path: displayPath(f.path, cwd) }
    },
    summary: summarize(result),
    rules: result.codemods.map((c) => ({ id: c.meta.id, section: c.meta.section, tier: c.meta.tier, message: c.meta.message, rationale: c.meta.rationale })),
  }
}

export function toJsonReport(result: RunResult, cwd: string, withStatistics = false): JsonReport {
  const parts = reportParts(result, cwd)
  const statistics = withStatistics ? { statistics: ruleStatistics(allFiles(result), parts.rules) } : {}
  return { version: JSON_FORMAT_VERSION, tool: 'guidefix', files: [...parts.files()], findings: [...parts.findings()], summary: parts.summary, rules: parts.rules, ...statistics, ...verifyPart(result, cwd) }
}

/** `--format json`, written piece by piece (the same text as JSON.stringify of toJsonReport). */
export function jsonReportChunks(result: RunResult, cwd: string, withStatistics = false): Iterable<string> {
  const parts = reportParts(result, cwd)
  const statistics = withStatistics ? ruleStatistics(allFiles(result), parts.rules) : undefined
  const skeleton = { version: JSON_FORMAT_VERSION, tool: 'guidefix', files: itemsOf('files'), findings: itemsOf('findings'), summary: parts.summary, rules: parts.rules, statistics, ...verifyPart(result, cwd) }
  return jsonChunks(skeleton, { files: parts.files(), findings: parts.findings() })
}

/** The verification with package directories shown as file paths are. */
function verifyPart(result: RunResult, cwd: string): { verify?: VerifyReport } {
  if (!result.verify) return {}
  return { verify: { ...result.verify, packages: result.verify.packages.map((p) => ({ ...p, dir: (p.dir === cwd ? '.' : displayPath(p.dir, cwd)) })) } }
}

function sarifLevel(tier: string): 'error' | 'warning' | 'note' {
  return tier === 'detect' ? 'note' : 'warning'
}

type RuleHelp = Map<string, { text: string; markdown: string }>

function helpOf(result: RunResult): RuleHelp {
  return new Map(result.codemods.map((c) => [c.meta.id, { text: renderExplain(c.meta, c.defaultOptions), markdown: renderExplainMarkdown(c.meta, c.defaultOptions) }]))
}

/** The base every SARIF location is relative to: the repository root. */
const ROOT_ID = 'SRCROOT'

/** A SARIF location: relative to the root, each segment percent-encoded (RFC 3986), or a file: URI outside it. */
function sarifLocation(path: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(root, path)
  const rel = relative(root, abs)
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href }
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: ROOT_ID }
}

function sarifSkeleton(rules: JsonRule[], results: unknown, root: string, help?: RuleHelp): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'guidefix',
            informationUri: 'https://github.com/guidefix/guidefix',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.message },
              fullDescription: { text: r.rationale },
              help: help?.get(r.id),
              properties: { section: r.section, tier: r.tier },
              defaultConfiguration: { level: sarifLevel(r.tier) },
            })),
          },
        },
        originalUriBaseIds: { [ROOT_ID]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        results,
      },
    ],
  }
}

function sarifResult(f: JsonFinding, root: string, fix?: object): object {
  return {
    ruleId: f.ruleId,
    level: sarifLevel(f.tier),
    message: { text: `${f.message} (${f.section})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: sarifLocation(f.path, root),
          region: { startLine: f.start.line, startColumn: f.start.column, endLine: f.end.line, endColumn: f.end.column },
        },
      },
    ],
    fixes: fix ? [fix] : undefined,
    properties: { fixed: f.fixed, fixable: f.fixable ?? null },
  }
}

/**
 * Results file by file; a finding whose fix is in this run's output carries
 * it as a SARIF fix, the changed lines it owns in the file's diff.
 */
function* sarifResults(result: RunResult, cwd: string, root: string): Generator<object> {
  for (const file of allFiles(result)) {
    const findings = [...allFindings([file])].map((f) => ({ ...f, path: resolve(cwd, f.path) }))
    if (findings.length === 0) continue
    const fixed = findings.filter((f) => f.fixed)
    const owned = file.diff && fixed.length > 0 ? changesByFinding(fixed, lineChanges(file.diff)) : undefined
    for (const f of findings) {
      const changes = owned?.get(f)
      yield sarifResult(f, root, changes && changes.length > 0 ? sarifFix(sarifLocation(f.path, root), changes) : undefined)
    }
  }
}

/**
 * SARIF 2.1.0, for code-scanning dashboards. The report's paths are taken
 * relative to `cwd` (where it was made); locations are given relative to
 * `root`, the repository root.
 */
export function toSarif(report: JsonReport, root = process.cwd(), cwd = root): object {
  return sarifSkeleton(report.rules, report.findings.map((f) => sarifResult({ ...f, path: resolve(cwd, f.path) }, root)), root)
}

/** `--format sarif`, written piece by piece, with locations relative to `root` (the repository root). */
export function sarifChunks(result: RunResult, cwd: string, root = cwd): Iterable<string> {
  const parts = reportParts(result, cwd)
  return jsonChunks(sarifSkeleton(parts.rules, itemsOf('results'), root, helpOf(result)), { results: sarifResults(result, cwd, root) })
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function githubLine(f: JsonFinding): string {
  const level = f.tier === 'detect' ? 'notice' : 'warning'
  return `::${level} file=${escapeProperty(f.path)},line=${f.start.line},col=${f.start.column},endLine=${f.end.line},endColumn=${f.end.column},title=${escapeProperty(`${f.ruleId} ${f.section}`)}::${escapeData(f.message)}\n`
}

/** GitHub Actions workflow commands: annotations on the pull request. */
export function toGithub(report: JsonReport): string {
  return report.findings.map(githubLine).join('')
}

/** `--format github`, line by line. */
export function githubChunks(result: RunResult, cwd: string): Iterable<string> {
  return map(reportParts(result, cwd).findings(), githubLine)
}
