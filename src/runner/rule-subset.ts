import type { Codemod } from '../codemod/types.js'
import type { PackageReport } from './types.js'

/** The codemods with fixes only from the given rules; the others still report. */
export function withFixesOnly(codemods: readonly Codemod[], keep: ReadonlySet<string>): Codemod[] {
  return codemods.map((c) =>
    keep.has(c.meta.id)
      ? c
      : {
          ...c,
          check(ctx) {
            const reportOnly = Object.create(ctx, { report: { value: (r: Parameters<typeof ctx.report>[0]) => ctx.report({ ...r, fix: undefined }) } })
            c.check(reportOnly)
          },
        },
  )
}

/** The findings whose fixes were taken back still have a fix: the report says it was not applied. */
export function markRolledBack(report: PackageReport, codemods: readonly Codemod[], rules: ReadonlySet<string>): void {
  const tiers = new Map(codemods.map((c) => [c.meta.id, c.meta.tier]))
  for (const file of report.files) {
    for (const f of file.findings) {
      const tier = tiers.get(f.ruleId)
      if (rules.has(f.ruleId) && !f.fixed && (tier === 'safe' || tier === 'suggest')) f.fixable = tier
    }
  }
}
