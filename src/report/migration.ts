import { dirname } from 'node:path'
import type { Codemod, Finding } from '../codemod/types.js'
import type { RunResult } from '../runner/run.js'
import { renderExplain } from './catalog.js'
import { displayPath } from './paths.js'
import { renderStatistics, ruleStatistics, type RuleStatistics } from './statistics.js'
import { allFiles, allFindings, summarize } from './summary.js'

/** Everything a migration report shows, counted once for both formats. */
interface MigrationData {
  title: string
  summary: ReturnType<typeof summarize>
  rules: RuleStatistics[]
  sections: { section: string; findings: number; fixed: number; pending: number; detectOnly: number }[]
  directories: { dir: string; findings: number }[]
  findings: Map<string, Finding[]>
  codemods: Map<string, Codemod>
  write: boolean
}

const COUNTS = ['findings', 'fixed', 'pending', 'detectOnly'] as const

function sectionNumber(s: string): number {
  return Number(s.replace('§', ''))
}

function collect(result: RunResult, cwd: string, write: boolean): MigrationData {
  const files = allFiles(result)
  const rules = ruleStatistics(files, result.codemods.map((c) => c.meta))
  const sections = new Map<string, MigrationData['sections'][number]>()
  for (const r of rules) {
    const s = sections.get(r.section) ?? { section: r.section, findings: 0, fixed: 0, pending: 0, detectOnly: 0 }
    for (const k of COUNTS) s[k] += r[k]
    sections.set(r.section, s)
  }
  const dirs = new Map<string, number>()
  const findings = new Map<string, Finding[]>()
  for (const f of allFindings(files)) {
    const shown = { ...f, path: displayPath(f.path, cwd) }
    const dir = dirname(shown.path)
    dirs.set(dir, (dirs.get(dir) ?? 0) + 1)
    const list = findings.get(f.ruleId) ?? []
    list.push(shown)
    findings.set(f.ruleId, list)
  }
  return {
    title: 'guidefix migration report',
    summary: summarize(result),
    rules,
    sections: [...sections.values()].sort((a, b) => sectionNumber(a.section) - sectionNumber(b.section)),
    directories: [...dirs]
      .map(([dir, n]) => ({ dir, findings: n }))
      .sort((a, b) => b.findings - a.findings || (a.dir < b.dir ? -1 : 1))
      .slice(0, 20),
    findings,
    codemods: new Map(result.codemods.map((c) => [c.meta.id, c])),
    write,
  }
}

function status(f: Finding, write: boolean): string {
  if (f.fixed) return write ? 'fixed' : 'fixed by --write'
  if (f.fixable === 'suggest') return 'suggested fix (--unsafe)'
  if (f.fixable) return 'fix pending'
  return 'detect only'
}

function totals(d: MigrationData) {
  return Object.fromEntries(COUNTS.map((k) => [k, d.rules.reduce((n, r) => n + r[k], 0)])) as Record<(typeof COUNTS)[number], number>
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const COLOURS = { fixed: '#2e7d32', pending: '#f9a825', detectOnly: '#78909c' }

/** A horizontal stacked bar a rule: fixed, pending, detect-only. */
function barChart(rows: readonly RuleStatistics[]): string {
  const label = 190
  const width = 520
  const bar = 18
  const gap = 6
  const max = Math.max(1, ...rows.map((r) => r.findings))
  const height = rows.length * (bar + gap) + 30
  const parts = [`<svg id="chart" role="img" aria-label="findings per rule" xmlns="http://www.w3.org/2000/svg" width="${label + width + 60}" height="${height}">`]
  rows.forEach((r, i) => {
    const y = i * (bar + gap)
    parts.push(`<text x="${label - 8}" y="${y + bar - 5}" text-anchor="end" font-size="12">${escapeHtml(r.ruleId)}</text>`)
    let x = label
    for (const k of ['fixed', 'pending', 'detectOnly'] as const) {
      const w = (r[k] / max) * width
      if (w > 0) parts.push(`<rect class="bar-${k}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLOURS[k]}"><title>${r.ruleId}: ${r[k]} ${k === 'detectOnly' ? 'detect-only' : k}</title></rect>`)
      x += w
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + bar - 5}" font-size="12">${r.findings}</text>`)
  })
  const ly = rows.length * (bar + gap) + 14
  let lx = label
  for (const [k, name] of [['fixed', 'fixed'], ['pending', 'pending'], ['detectOnly', 'detect-only']] as const) {
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLOURS[k]}"/><text x="${lx + 16}" y="${ly}" font-size="12">${name}</text>`)
    lx += 110
  }
  parts.push('</svg>')
  return parts.join('')
}

function table(headings: string[], rows: (string | number)[][], attrs = ''): string {
  const head = `<tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`
  const body = rows.map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n')
  return `<table${attrs}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#212121}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f5f5}
.totals{display:flex;gap:1rem;flex-wrap:wrap}.total{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.total b{display:block;font-size:1.5rem}pre{background:#f7f7f7;padding:.6rem;overflow:auto;font-size:12px}
details{margin:.4rem 0}code{font-size:12px}`

/** A self-contained HTML page (no scripts, fonts or anything fetched) for a migration. */
export function* migrationHtml(result: RunResult, cwd: string, write: boolean): Generator<string> {
  const d = collect(result, cwd, write)
  const t = totals(d)
  yield `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${d.title}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${d.title}</h1>\n`
  yield `<p>${d.summary.filesScanned} Go files scanned; ${d.summary.filesChanged} ${write ? 'changed' : 'would change'}.</p>\n<div class="totals">`
  for (const [id, name, n] of [
    ['total-findings', 'findings', t.findings],
    ['total-fixed', write ? 'fixed' : 'fixed by --write', t.fixed],
    ['total-pending', 'pending fixes', t.pending],
    ['total-detect', 'detect only', t.detectOnly],
  ] as const) {
    yield `<div class="total" id="${id}"><b>${n}</b>${name}</div>`
  }
  yield '</div>\n<h2>By section</h2>\n'
  yield table(['section', 'findings', 'fixed', 'pending', 'detect-only'], d.sections.map((s) => [s.section, s.findings, s.fixed, s.pending, s.detectOnly]), ' id="sections"')
  yield '\n<h2>By rule</h2>\n'
  yield barChart(d.rules)
  yield '\n' + table(['rule', 'section', 'tier', 'findings', 'fixed', 'pending', 'detect-only'], d.rules.map((r) => [r.ruleId, r.section, r.tier, r.findings, r.fixed, r.pending, r.detectOnly]), ' id="rules"')
  yield '\n<h2>Directories with the most findings</h2>\n'
  yield table(['directory', 'findings'], d.directories.map((x) => [x.dir, x.findings]), ' id="directories"')
  yield '\n<h2>Findings</h2>\n'
  for (const r of d.rules) {
    const codemod = d.codemods.get(r.ruleId)
    yield `<section class="rule" id="rule-${escapeHtml(r.ruleId)}">\n<h3>${escapeHtml(r.ruleId)} <small>${r.section}, ${r.tier}, ${r.findings}</small></h3>\n`
    if (codemod) yield `<details><summary>About this rule</summary><pre>${escapeHtml(renderExplain(codemod.meta, codemod.defaultOptions))}</pre></details>\n`
    yield table(
      ['where', 'status', 'message'],
      (d.findings.get(r.ruleId) ?? []).map((f) => [`${f.path}:${f.start.line}:${f.start.column}`, status(f, write), f.message]),
      ' class="findings"',
    )
    yield '\n</section>\n'
  }
  yield '</body>\n</html>\n'
}

function mdCell(s: string | number): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function mdTable(headings: string[], rows: (string | number)[][]): string {
  return [`| ${headings.join(' | ')} |`, `|${headings.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n') + '\n'
}

/** The same report as Markdown (the chart becomes the per-rule table in a code block). */
export function* migrationMarkdown(result: RunResult, cwd: string, write: boolean): Generator<string> {
  const d = collect(result, cwd, write)
  const t = totals(d)
  yield `# ${d.title}\n\n${d.summary.filesScanned} Go files scanned; ${d.summary.filesChanged} ${write ? 'changed' : 'would change'}.\n\n`
  yield mdTable(['findings', write ? 'fixed' : 'fixed by --write', 'pending fixes', 'detect only'], [[t.findings, t.fixed, t.pending, t.detectOnly]])
  yield '\n## By section\n\n' + mdTable(['section', 'findings', 'fixed', 'pending', 'detect-only'], d.sections.map((s) => [s.section, s.findings, s.fixed, s.pending, s.detectOnly]))
  yield '\n## By rule\n\n```\n' + renderStatistics(d.rules).join('\n') + '\n```\n'
  yield '\n## Directories with the most findings\n\n' + mdTable(['directory', 'findings'], d.directories.map((x) => [x.dir, x.findings]))
  yield '\n## Findings\n'
  for (const r of d.rules) {
    yield `\n### ${r.ruleId} (${r.section}, ${r.tier}): ${r.findings}\n\n`
    const codemod = d.codemods.get(r.ruleId)
    if (codemod) yield `<details><summary>About this rule</summary>\n\n\`\`\`\n${renderExplain(codemod.meta, codemod.defaultOptions)}\`\`\`\n\n</details>\n\n`
    yield mdTable(['where', 'status', 'message'], (d.findings.get(r.ruleId) ?? []).map((f) => [`${f.path}:${f.start.line}:${f.start.column}`, status(f, write), f.message]))
  }
}
