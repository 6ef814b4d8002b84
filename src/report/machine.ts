import type { CodemodMeta, Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import { allFiles, allFindings, summarize, type Summary } from './summary.js'
import { displayPath } from './paths.js'

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
}

export function toJsonReport(result: RunResult, cwd: string): JsonReport {
  const files = allFiles(result)
  return {
    version: JSON_FORMAT_VERSION,
    tool: 'guidefix',
    files: files
      .filter((f) => f.status !== 'unchanged' || f.errors.length > 0)
      .map((f) => ({ path: displayPath(f.path, cwd), status: f.status, skipReason: f.skipReason, detail: f.detail, diff: f.diff, errors: f.errors })),
    findings: allFindings(files).map((f) => ({ ...f, path: displayPath(f.path, cwd) })),
    summary: summarize(result),
    rules: result.codemods.map((c) => ({ id: c.meta.id, section: c.meta.section, tier: c.meta.tier, message: c.meta.message, rationale: c.meta.rationale })),
  }
}

function sarifLevel(tier: string): 'error' | 'warning' | 'note' {
  return tier === 'detect' ? 'note' : 'warning'
}

/** SARIF 2.1.0, for code-scanning dashboards. */
export function toSarif(report: JsonReport): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'guidefix',
            informationUri: 'https://github.com/guidefix/guidefix',
            rules: report.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.message },
              fullDescription: { text: r.rationale },
              properties: { section: r.section, tier: r.tier },
              defaultConfiguration: { level: sarifLevel(r.tier) },
            })),
          },
        },
        results: report.findings.map((f) => ({
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
        })),
      },
    ],
  }
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** GitHub Actions workflow commands: annotations on the pull request. */
export function toGithub(report: JsonReport): string {
  return report.findings
    .map((f) => {
      const level = f.tier === 'detect' ? 'notice' : 'warning'
      return `::${level} file=${escapeProperty(f.path)},line=${f.start.line},col=${f.start.column},endLine=${f.end.line},endColumn=${f.end.column},title=${escapeProperty(`${f.ruleId} ${f.section}`)}::${escapeData(f.message)}`
    })
    .map((l) => l + '\n')
    .join('')
}
