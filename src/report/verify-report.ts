import type { VerifyReport } from '../runner/verify.js'
import { displayPath } from './paths.js'

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The summary line's part: how many packages the toolchain checked, and how many had fixes taken back. */
export function verifySummary(v: VerifyReport): string {
  const rolledBack = v.packages.filter((p) => p.status === 'rolled-back').length
  const before = v.packages.filter((p) => p.status === 'pre-existing').length
  const checks = v.checks.map((c) => `go ${c}`).join(', ')
  const parts = [`${plural(v.packages.length, 'package')} verified (${checks})`, `${rolledBack} rolled back`]
  if (before > 0) parts.push(`${before} failing before the fixes`)
  return `${parts.join(', ')} in ${(v.elapsedMs / 1000).toFixed(2)}s`
}

/** One block per package that did not simply pass: which rule's fixes were taken back and why. */
export function verifyLines(v: VerifyReport, cwd: string): string[] {
  const out: string[] = []
  for (const p of v.packages) {
    const where = (p.dir === cwd ? '.' : displayPath(p.dir, cwd))
    if (p.status === 'rolled-back') {
      for (const r of p.rolledBack) {
        out.push(`${where}: --verify rolled back ${r.rule}: its fixes break the package`)
        for (const line of r.errors) out.push(`    ${line}`)
      }
      if (p.kept.length > 0) out.push(`${where}: kept the fixes of ${p.kept.join(', ')}`)
    } else if (p.status === 'pre-existing') {
      out.push(`${where}: fails before the fixes too, so nothing was rolled back${p.note ? ` (${p.note})` : ''}`)
      for (const line of p.errors) out.push(`    ${line}`)
    }
  }
  return out
}
