/**
 * Durations as users write them in .guidefix.yml ("30s", "1m30s", "500ms")
 * and as the fixes write them in Go (`30 * time.Second`, `time.Minute`).
 */

const UNITS: readonly (readonly [string, number, string])[] = [
  ['h', 3_600_000, 'Hour'],
  ['m', 60_000, 'Minute'],
  ['s', 1_000, 'Second'],
  ['ms', 1, 'Millisecond'],
]

const PART = /(\d+)(ms|h|m|s)/y

/** Milliseconds in a duration such as "1m30s", or null when it is not one (or is zero). */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string' || text === '') return null
  let total = 0
  PART.lastIndex = 0
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text)
    if (!m) return null
    total += Number(m[1]) * UNITS.find(([u]) => u === m[2])![1]
  }
  return total > 0 && Number.isSafeInteger(total) ? total : null
}

/** The Go expression for a duration in the largest unit that divides it: 90000 → `90 * time.Second`. */
export function goDuration(ms: number, timePkg: string): string {
  const [, size, name] = UNITS.find(([, size]) => ms % size === 0)!
  const n = ms / size
  return n === 1 ? `${timePkg}.${name}` : `${n} * ${timePkg}.${name}`
}
