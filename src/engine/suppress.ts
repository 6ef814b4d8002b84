/**
 * Inline suppression, on the reported line or the line above:
 *   //guidefix:ignore                 every rule
 *   //guidefix:ignore error-is,ids    the named rules
 *   //nolint:guidefix  //nolint:error-is
 *   //nolint:errorlint // reason      a linter that checks the same thing (LINTERS below)
 *   //nolint  //nolint:all            every linter, so every rule
 * A justification after the list (`// reason`) is allowed, as golangci-lint allows it.
 */
const DIRECTIVE = /\/\/\s*(guidefix:ignore|nolint)(?::?\s*([\w,\- ]+))?/

/**
 * The linters whose findings overlap each rule's: code that silences one of
 * them on a line has already decided about what the rule would say there.
 * One table, so that it can be read and kept in one place.
 */
export const LINTERS: Readonly<Record<string, readonly string[]>> = {
  'error-is': ['errorlint'],
  'error-as': ['errorlint'],
  'errorf-wrap': ['errorlint'],
  'error-string-compare': ['errorlint'],
  'ignored-error': ['errcheck', 'gosec'],
  'panic-on-error': [],
  'error-var-naming': ['errname', 'revive', 'stylecheck', 'golint'],
  'error-type-naming': ['errname'],
  'log-error-printf': [],
  'context-cancel-discarded': ['govet'],
  'context-string-key': ['staticcheck', 'revive', 'golint'],
  'context-in-struct': ['containedctx'],
  'context-first-param': ['contextcheck', 'revive', 'golint'],
}

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
  // Words after ` -- ` give the reason (`//guidefix:ignore error-is -- baseline`), not rule names.
  const list = ` ${m[2] ?? ''}`.split(' -- ')[0].split(/[,\s]+/).filter(Boolean)
  if (list.length === 0) return true
  if (m[1] === 'nolint') return list.some((name) => name === 'guidefix' || name === 'all' || name === ruleId || (LINTERS[ruleId] ?? []).includes(name))
  return list.includes(ruleId)
}

export function isSuppressed(text: string, index: number, ruleId: string): boolean {
  return suppresses(lineAt(text, index, 0), ruleId) || suppresses(lineAt(text, index, 1), ruleId)
}
