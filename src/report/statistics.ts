import type { CodemodMeta, Finding } from '../codemod/types.js'
import type { FileReport } from '../runner/types.js'

/** One row of `--statistics`: what a rule found and what became of it. */
export interface RuleStatistics {
  ruleId: string
  section: string
  tier: CodemodMeta['tier']
  findings: number
  /** Findings whose fix is in this run's output. */
  fixed: number
  /** Findings with a fix this run did not apply (suggest tier without --unsafe, or a fix held back). */
  pending: number
  /** Findings no fix exists for: detect-tier rules, and fixing rules that refused at that place. */
  detectOnly: number
}

type RuleInfo = Pick<CodemodMeta, 'id' | 'section' | 'tier'>

function classify(row: RuleStatistics, f: Finding): void {
  row.findings++
  if (f.fixed) row.fixed++
  else if (f.fixable) row.pending++
  else row.detectOnly++
}

/** Per-rule counts of the rules that fired, most findings first. */
export function ruleStatistics(files: Iterable<FileReport>, rules: readonly RuleInfo[]): RuleStatistics[] {
  const info = new Map(rules.map((r) => [r.id, r]))
  const rows = new Map<string, RuleStatistics>()
  for (const file of files) {
    for (const f of file.findings) {
      let row = rows.get(f.ruleId)
      if (!row) {
        const meta = info.get(f.ruleId)
        row = { ruleId: f.ruleId, section: meta?.section ?? f.section, tier: meta?.tier ?? f.tier, findings: 0, fixed: 0, pending: 0, detectOnly: 0 }
        rows.set(f.ruleId, row)
      }
      classify(row, f)
    }
  }
  return [...rows.values()].sort((a, b) => b.findings - a.findings || (a.ruleId < b.ruleId ? -1 : 1))
}

const COLUMNS = ['findings', 'fixed', 'pending', 'detectOnly'] as const
const HEADINGS = ['findings', 'fixed', 'pending', 'detect-only']

/** The `--statistics` table, with a total line. */
export function renderStatistics(rows: readonly RuleStatistics[]): string[] {
  const total = COLUMNS.map((k) => rows.reduce((n, r) => n + r[k], 0))
  const idWidth = Math.max('rule'.length, 'total'.length, ...rows.map((r) => r.ruleId.length))
  const widths = HEADINGS.map((h, i) => Math.max(h.length, String(total[i]).length))
  const line = (id: string, sec: string, tier: string, cells: (string | number)[]) =>
    `${id.padEnd(idWidth)}  ${sec.padEnd(4)}  ${tier.padEnd(7)}  ${cells.map((c, i) => String(c).padStart(widths[i])).join('  ')}`.trimEnd()
  return [
    line('rule', 'sec', 'tier', HEADINGS),
    ...rows.map((r) => line(r.ruleId, r.section, r.tier, COLUMNS.map((k) => r[k]))),
    line('total', '', '', total),
  ]
}
