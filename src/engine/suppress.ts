/**
 * Inline suppression, on the reported line or the line above:
 *   //guidefix:ignore                 every rule
 *   //guidefix:ignore error-is,ids    the named rules
 *   //nolint:guidefix  //nolint:error-is
 */
const DIRECTIVE = /\/\/\s*(guidefix:ignore|nolint)(?::?\s*([\w,\- ]+))?/

function lineAt(text: string, index: number, offsetLines: number): string | null {
  let start = text.lastIndexOf('\n', index - 1) + 1
  for (let i = 0; i < offsetLines; i++) {
    if (start === 0) return null
    start = text.lastIndexOf('\n', start - 2) + 1
  }
  const end = text.indexOf('\n', start)
  return text.slice(start, end === -1 ? text.length : end)
}

function suppresses(line: string | null, ruleId: string): boolean {
  if (!line) return false
  const m = DIRECTIVE.exec(line)
  if (!m) return false
  const list = (m[2] ?? '').split(/[,\s]+/).filter(Boolean)
  if (m[1] === 'nolint') return list.includes('guidefix') || list.includes(ruleId)
  return list.length === 0 || list.includes(ruleId)
}

export function isSuppressed(text: string, index: number, ruleId: string): boolean {
  return suppresses(lineAt(text, index, 0), ruleId) || suppresses(lineAt(text, index, 1), ruleId)
}
