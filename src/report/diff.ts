import { lineHunks } from '../text/line-diff.js'

/**
 * A unified diff of one file with git-style headers (`--- a/path`,
 * `+++ b/path`), or '' when nothing changed.
 */
export function unifiedDiff(displayPath: string, before: string, after: string, context = 3): string {
  if (before === after) return ''
  const lines = [`--- a/${displayPath}`, `+++ b/${displayPath}`]
  for (const h of lineHunks(before, after, context)) {
    const oldRange = h.oldLines === 1 ? `${h.oldStart}` : `${h.oldStart},${h.oldLines}`
    const newRange = h.newLines === 1 ? `${h.newStart}` : `${h.newStart},${h.newLines}`
    lines.push(`@@ -${oldRange} +${newRange} @@`)
    // One by one: a file with thousands of fixes makes hunks too long to spread into arguments.
    for (const line of h.lines) lines.push(line)
  }
  return lines.join('\n') + '\n'
}
