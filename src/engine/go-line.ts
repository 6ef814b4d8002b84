/**
 * Reading one line of Go without a parser: where a string, rune or raw
 * string literal that starts at `i` ends (the index of its closing quote,
 * or the line's length when it does not close on the line). Any other
 * character ends where it is.
 */
export function literalEnd(line: string, i: number): number {
  const c = line[i]
  if (c === '"' || c === "'") {
    let j = i + 1
    while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1
    return j
  }
  if (c === '`') {
    const end = line.indexOf('`', i + 1)
    return end === -1 ? line.length : end
  }
  return i
}
