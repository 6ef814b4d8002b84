import { structuredPatch } from 'diff'

/**
 * A unified diff of one file with git-style headers (`--- a/path`,
 * `+++ b/path`), or '' when nothing changed.
 */
export function unifiedDiff(displayPath: string, before: string, after: string, context = 3): string {
  if (before === after) return ''
  const patch = structuredPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, '', '', { context })
  const lines = [`--- a/${displayPath}`, `+++ b/${displayPath}`]
  for (const h of patch.hunks) {
    const oldRange = h.oldLines === 1 ? `${h.oldStart}` : `${h.oldStart},${h.oldLines}`
    const newRange = h.newLines === 1 ? `${h.newStart}` : `${h.newStart},${h.newLines}`
    lines.push(`@@ -${oldRange} +${newRange} @@`)
    lines.push(...h.lines)
  }
  return lines.join('\n') + '\n'
}
