import type { CodemodMeta, Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import type { VerifyReport } from '../runner/verify.js'
import { allFiles, allFindings, summarize, type Summary } from './summary.js'
import { displayPath } from './paths.js'
import { map } from './iterables.js'
import { itemsOf, jsonChunks } from './json-chunks.js'

export const JSON_FORMAT_VERSION = 1

export interface JsonFinding extends Omit<Finding, 'path'> {
  path: string
}

/** The `--format json` document; `guidefix merge` reads it back. */
export interface JsonReport {
  version: number
  tool: 'guidefix'
  files: { path: string; status: string; skipReason?: string; detail?: string; diff?: string; errors: string[] }[]
  findings: JsonFinding[]
  summary: Summary
  rules: Pick<CodemodMeta, 'id' | 'section' | 'tier' | 'message' | 'rationale'>[]
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
        if (f.status !== 'unchanged' || f.errors.length > 0) yield { path: displayPath(f.path, cwd), status: f.status, skipReason: f.skipReason, detail: f.detail, diff: f.diff, errors: f.errors }
      }
    },
    findings: function* () {
      for (const f of allFindings(files)) yield { ...f, path: displayPath(f.path, cwd) }
    },
    summary: summarize(result),
    rules: result.codemods.map((c) => ({ id: c.meta.id, section: c.meta.section, tier: c.meta.tier, message: c.meta.message, rationale: c.meta.rationale })),
  }
}

export function toJsonReport(result: RunResult, cwd: string): JsonReport {
  const parts = reportParts(result, cwd)
  return { version: JSON_FORMAT_VERSION, tool: 'guidefix', files: [...parts.files()], findings: [...parts.findings()], summary: parts.summary, rules: parts.rules, ...verifyPart(result, cwd) }
}

/** `--format json`, written piece by piece (the same text as JSON.stringify of toJsonReport). */
export function jsonReportChunks(result: RunResult, cwd: string): Iterable<string> {
  const parts = reportParts(result, cwd)
  const skeleton = { version: JSON_FORMAT_VERSION, tool: 'guidefix', files: itemsOf('files'), findings: itemsOf('findings'), summary: parts.summary, rules: parts.rules, ...verifyPart(result, cwd) }
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

function sarifSkeleton(rules: JsonRule[], results: unknown): object {
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
              properties: { section: r.section, tier: r.tier },
              defaultConfiguration: { level: sarifLevel(r.tier) },
            })),
          },
        },
        results,
      },
    ],
  }
}

function sarifResult(f: JsonFinding): object {
  return {
    ruleId: f.ruleId,
    level: sarifLevel(f.tier),
    message: { text: `${f.message} (${f.section})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.path },
          region: { startLine: f.start.line, startColumn: f.start.column, endLine: f.end.line, endColumn: f.end.column },
        },
      },
    ],
    properties: { fixed: f.fixed, fixable: f.fixable ?? null },
  }
}

/** SARIF 2.1.0, for code-scanning dashboards. */
export function toSarif(report: JsonReport): object {
  return sarifSkeleton(report.rules, report.findings.map(sarifResult))
}

/** `--format sarif`, written piece by piece. */
export function sarifChunks(result: RunResult, cwd: string): Iterable<string> {
  const parts = reportParts(result, cwd)
  return jsonChunks(sarifSkeleton(parts.rules, itemsOf('results')), { results: map(parts.findings(), sarifResult) })
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
