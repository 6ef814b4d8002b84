/** One formatting directive of a printf-style format string. */
export interface Verb {
  /** The verb letter (`v`, `s`, `w`, …). */
  verb: string
  /** Flags such as `+`, `#`, `-`, ` `, `0`. */
  flags: string
  /** Width or precision written (a number or `*`). */
  sized: boolean
  /** Index, among the arguments after the format, of the value the verb formats. */
  arg: number
  /** Offsets of the directive in the format text (from `%` to the verb letter, inclusive). */
  start: number
  end: number
}

export interface ParsedFormat {
  verbs: Verb[]
  /** How many arguments the format consumes at most (verbs and `*`). */
  argsUsed: number
}

/**
 * Parses a format string as package fmt reads it: `%%`, flags, `[n]`
 * explicit argument indexes, `*` widths and precisions that consume an
 * argument. Returns null on a directive it cannot read, so callers leave
 * such calls alone.
 */
export function parseFormat(format: string): ParsedFormat | null {
  const verbs: Verb[] = []
  let argNum = 0
  let maxArg = 0
  let i = 0
  const readIndex = (): boolean => {
    if (format[i] !== '[') return true
    const close = format.indexOf(']', i)
    if (close === -1) return false
    const n = Number(format.slice(i + 1, close))
    if (!Number.isInteger(n) || n < 1) return false
    argNum = n - 1
    i = close + 1
    return true
  }
  const readNumberOrStar = (): boolean => {
    if (!readIndex()) return false
    if (format[i] === '*') {
      i++
      argNum++
      maxArg = Math.max(maxArg, argNum)
      return true
    }
    while (i < format.length && format[i] >= '0' && format[i] <= '9') i++
    return true
  }
  while (i < format.length) {
    if (format[i] !== '%') {
      i++
      continue
    }
    const start = i
    i++
    if (format[i] === '%') {
      i++
      continue
    }
    let flags = ''
    while (i < format.length && '+-# 0'.includes(format[i])) flags += format[i++]
    const beforeSize = i
    if (!readNumberOrStar()) return null
    if (format[i] === '.') {
      i++
      if (!readNumberOrStar()) return null
    }
    if (!readIndex()) return null
    const sized = /[0-9*.]/.test(format.slice(beforeSize, i).replace(/\[\d+\]/g, ''))
    if (i >= format.length) return null
    const verb = format[i]
    i++
    verbs.push({ verb, flags, sized, arg: argNum, start, end: i })
    argNum++
    maxArg = Math.max(maxArg, argNum)
  }
  return { verbs, argsUsed: maxArg }
}

/**
 * The format text of a Go string literal, as written between its quotes, or
 * null when an escape could hide a `%` (then offsets in the text would lie).
 */
export function literalFormatText(literal: string): string | null {
  const body = literal.slice(1, -1)
  if (literal.startsWith('"') && /\\(x25|045|u0025|U00000025)/i.test(body)) return null
  return body
}
