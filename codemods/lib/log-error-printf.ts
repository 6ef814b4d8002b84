/**
 * Turning the text around an error in a log line into a slog message:
 * "failed to save user: %v" → "failed to save user". Works on the literal's
 * source text, escape sequences kept as written, so the message literal is
 * the same kind of literal with the same escapes.
 */

/** An opening bracket or quote right before the error (`(%v)`, `"%v"`). */
const OPENER = new Set(['(', '[', '{', '<', "'", '"', '\\"'])
/** What separates a message from the error: `: `, ` - `, `=`, a newline. */
const SEPARATOR = new Set([' ', '\t', '\n', '\\n', '\\t', '\\r', ':', ';', ',', '=', '-', '|'])
/** What may follow the error and still be dropped: whitespace, a closing bracket or quote, a full stop. */
const AFTER = new Set([' ', '\t', '\n', '\\n', '\\t', '\\r', '.', '!', ')', ']', '}', '>', "'", '"', '\\"'])
const SPACE = new Set([' ', '\t', '\n', '\\n', '\\t', '\\r'])

/** Splits a literal body into characters, an escape sequence's backslash kept with the letter after it. */
function units(body: string, raw: boolean): string[] {
  const out: string[] = []
  for (let i = 0; i < body.length; i++) {
    if (!raw && body[i] === '\\' && i + 1 < body.length) {
      out.push(body.slice(i, i + 2))
      i++
    } else {
      out.push(body[i])
    }
  }
  return out
}

/**
 * The message written before a value: `before` is the literal text in front
 * of the error, `after` what follows it (null: nothing may follow). Returns
 * null when nothing but punctuation is left or something else follows.
 */
export function messageAround(before: string, after: string, raw: boolean): string | null {
  if (!units(after, raw).every((u) => AFTER.has(u))) return null
  const u = units(before, raw)
  if (u.length > 0 && OPENER.has(u[u.length - 1])) u.pop()
  while (u.length > 0 && SEPARATOR.has(u[u.length - 1])) u.pop()
  while (u.length > 0 && SPACE.has(u[0])) u.shift()
  const text = u.join('')
  return /[\p{L}\p{N}]/u.test(text) ? text : null
}

/** A literal of the same kind as `literal` holding `body`. */
export function sameKindLiteral(literal: string, body: string): string {
  return literal.startsWith('`') ? `\`${body}\`` : `"${body}"`
}
