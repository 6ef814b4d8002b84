import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXAMPLE, guidefix, tempDir } from './helpers/cli.js'

interface Row {
  ruleId: string
  findings: number
  fixed: number
  pending: number
  detectOnly: number
}

function countsFrom(findings: { ruleId: string; fixed: boolean; fixable?: string }[]): Map<string, Omit<Row, 'ruleId'>> {
  const m = new Map<string, Omit<Row, 'ruleId'>>()
  for (const f of findings) {
    const row = m.get(f.ruleId) ?? { findings: 0, fixed: 0, pending: 0, detectOnly: 0 }
    row.findings++
    if (f.fixed) row.fixed++
    else if (f.fixable) row.pending++
    else row.detectOnly++
    m.set(f.ruleId, row)
  }
  return m
}

describe('--statistics', () => {
  const json = guidefix(['--statistics', '--format', 'json', '.'], EXAMPLE)
  const report = JSON.parse(json.stdout)

  it('adds per-rule counts to the JSON report that agree with its findings, most findings first', () => {
    const rows: Row[] = report.statistics
    const expected = countsFrom(report.findings)
    expect(rows.length).toBe(expected.size)
    for (const r of rows) expect({ ruleId: r.ruleId, findings: r.findings, fixed: r.fixed, pending: r.pending, detectOnly: r.detectOnly }).toEqual({ ruleId: r.ruleId, ...expected.get(r.ruleId) })
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].findings).toBeGreaterThanOrEqual(rows[i].findings)
    expect(rows.some((r) => r.pending > 0) && rows.some((r) => r.detectOnly > 0) && rows.some((r) => r.fixed > 0)).toBe(true)
  })

  it('prints one table instead of the diffs and the finding list, with a total line', () => {
    const r = guidefix(['--statistics', '--no-color', '.'], EXAMPLE)
    expect(r.status).toBe(1)
    expect(r.stdout).not.toMatch(/^--- a\//m)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^rule +sec +tier +findings +fixed +pending +detect-only$/)
    const total = lines.find((l) => l.startsWith('total'))!
    expect(total.trim().split(/\s+/).slice(1).map(Number)).toEqual(
      ['findings', 'fixed', 'pending', 'detectOnly'].map((k) => (report.statistics as Row[]).reduce((n, row) => n + row[k as keyof Omit<Row, 'ruleId'>], 0)),
    )
    for (const row of report.statistics as Row[]) expect(r.stdout).toMatch(new RegExp(`^${row.ruleId} +§\\d+ +\\w+ +${row.findings} +${row.fixed} +${row.pending} +${row.detectOnly}$`, 'm'))
  })

  it('guidefix merge --statistics counts the shards together', () => {
    const dir = tempDir()
    const shards = [1, 2].map((k) => {
      const file = join(dir, `s${k}.json`)
      writeFileSync(file, guidefix(['--format', 'json', '--shard', `${k}/2`, '.'], EXAMPLE).stdout)
      return file
    })
    const merged = JSON.parse(guidefix(['merge', '--statistics', ...shards], EXAMPLE).stdout)
    expect(merged.statistics).toEqual(report.statistics)
  })
})
