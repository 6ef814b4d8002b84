import type { Codemod, CodemodMeta } from '../codemod/types.js'

function sectionNumber(s: string): number {
  return Number(s.replace('§', ''))
}

export function sortedCatalog(codemods: readonly Codemod[]): CodemodMeta[] {
  return codemods.map((c) => c.meta).sort((a, b) => sectionNumber(a.section) - sectionNumber(b.section) || (a.id < b.id ? -1 : 1))
}

function gateText(meta: CodemodMeta): string {
  const g = meta.goVersion
  if (!g || (!g.min && !g.max)) return 'any Go version'
  if (g.min && g.max) return `Go ${g.min} up to (not including) ${g.max}`
  return g.min ? `Go ${g.min} and later` : `below Go ${g.max} (and when go.mod gives no version)`
}

/** `guidefix rules`: one line a rule. */
export function renderRules(codemods: readonly Codemod[]): string {
  const metas = sortedCatalog(codemods)
  const idWidth = Math.max(...metas.map((m) => m.id.length), 2)
  const lines = metas.map((m) => `${m.id.padEnd(idWidth)}  ${m.section.padEnd(4)}  ${m.tier.padEnd(7)}  ${m.message}`)
  return [`${'id'.padEnd(idWidth)}  sec   tier     what it reports`, ...lines].join('\n') + '\n'
}

function indent(code: string): string {
  return code
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')
}

/** One heading of a rule's documentation: prose, or Go code. */
interface DocSection {
  title: string
  body: string
  code?: boolean
}

/** A rule's documentation in the same order for every rule (what, why, example, fix, version, options, source). */
function explainSections(meta: CodemodMeta, options?: Readonly<Record<string, unknown>>): DocSection[] {
  const out: DocSection[] = [
    { title: 'What it does', body: meta.message },
    { title: 'Why', body: meta.rationale },
  ]
  for (const ex of meta.examples) {
    out.push({ title: 'Example', body: ex.bad, code: true })
    if (ex.good) out.push({ title: 'Use instead', body: ex.good, code: true })
  }
  if (meta.useInstead && !meta.examples.some((e) => e.good)) out.push({ title: 'Use instead', body: meta.useInstead })
  const tierText =
    meta.tier === 'safe' ? 'applied by --write' : meta.tier === 'suggest' ? 'applied by --write --unsafe; a dry run counts it as pending, and shows its diff with --unsafe' : 'none; the finding says what to write'
  out.push({ title: 'Fix', body: `${tierText}.${meta.fixSafety ? ` ${meta.fixSafety}` : ''}` })
  out.push({ title: 'Go version', body: gateText(meta) })
  if (options && Object.keys(options).length > 0) {
    out.push({ title: 'Options (set under `options:` in .guidefix.yml)', body: Object.entries(options).map(([k, v]) => `${k}: ${JSON.stringify(v)} (default)`).join('\n') })
  }
  if (meta.source) out.push({ title: 'Defined in', body: meta.source.file })
  return out
}

/** `guidefix explain ID`: the rule's documentation as plain text. */
export function renderExplain(meta: CodemodMeta, options?: Readonly<Record<string, unknown>>): string {
  const out = [`${meta.id} (${meta.section}, ${meta.tier})`]
  for (const s of explainSections(meta, options)) {
    out.push('', s.title, s.code ? indent(s.body) : s.body.split('\n').map((l) => `  ${l}`).join('\n'))
  }
  return out.join('\n') + '\n'
}

/** The same documentation as Markdown, for SARIF viewers' rule help. */
export function renderExplainMarkdown(meta: CodemodMeta, options?: Readonly<Record<string, unknown>>): string {
  const out = [`**${meta.id}** (${meta.section}, ${meta.tier})`]
  for (const s of explainSections(meta, options)) {
    out.push('', `**${s.title}**`, '', s.code ? '```go\n' + s.body + '\n```' : s.body)
  }
  return out.join('\n') + '\n'
}

/** The README's rule table. */
export function renderRulesMarkdown(codemods: readonly Codemod[]): string {
  const rows = sortedCatalog(codemods).map((m) => `| \`${m.id}\` | ${m.section} | ${m.tier} | ${m.message.replace(/\|/g, '\\|')} |`)
  return ['| rule | section | fix | what it reports |', '|---|---|---|---|', ...rows].join('\n') + '\n'
}
