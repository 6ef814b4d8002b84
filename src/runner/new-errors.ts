/** An error line without its check, its position and its file, to compare before and after the fixes. */
function errorMessage(line: string): string {
  return line.replace(/^go \w+: /, '').replace(/^vet: /, '').replace(/^\S*\.go:\d+(:\d+)?: /, '').trim()
}

/** An indented line that goes on with the error above it. */
function continues(line: string): boolean {
  return /^\s/.test(line.replace(/^go \w+: /, ''))
}

/**
 * The lines of `after` whose message the original text did not produce
 * (counting repeats): a package that failed before is blamed only for
 * what the fixes added to its failure.
 */
export function newErrors(after: readonly string[], before: readonly string[]): string[] {
  const old = new Map<string, number>()
  for (const line of before) if (!continues(line)) old.set(errorMessage(line), (old.get(errorMessage(line)) ?? 0) + 1)
  const fresh: string[] = []
  let keep = false
  for (const line of after) {
    if (continues(line)) {
      if (keep) fresh.push(line)
      continue
    }
    const left = old.get(errorMessage(line)) ?? 0
    keep = left === 0
    if (keep) fresh.push(line)
    else old.set(errorMessage(line), left - 1)
  }
  return fresh
}
