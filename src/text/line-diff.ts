import { structuredPatch } from 'diff'

export type Hunk = ReturnType<typeof structuredPatch>['hunks'][number]

/**
 * The hunks of a line diff, as `structuredPatch` gives them, in time close
 * to linear in the texts when their changes are spread out. Myers' diff
 * costs the file's length times the number of changes, which makes a file
 * with thousands of fixes quadratic; so the texts are first cut where they
 * agree for a run of lines (found from lines that occur once in each, as
 * patience diff does), and each piece between cuts is diffed alone. A cut
 * sits in the middle of its run, so the hunks on either side of it meet
 * exactly when a whole-file diff would have joined them (the run is at most
 * twice the context long); those are joined again.
 */
export function lineHunks(before: string, after: string, context: number): Hunk[] {
  if (before === after) return []
  const a = linesOf(before)
  const b = linesOf(after)
  const hunks: Hunk[] = []
  let i0 = 0
  let j0 = 0
  for (const [i, j] of [...cutPoints(a, b), [a.length, b.length] as const]) {
    const left = a.slice(i0, i).join('')
    const right = b.slice(j0, j).join('')
    if (left !== right) {
      for (const h of structuredPatch('', '', left, right, '', '', { context }).hunks) {
        const next = { ...h, oldStart: h.oldStart + i0, newStart: h.newStart + j0 }
        const last = hunks[hunks.length - 1]
        if (context > 0 && last && last.oldStart + last.oldLines === next.oldStart && last.newStart + last.newLines === next.newStart) {
          last.oldLines += next.oldLines
          last.newLines += next.newLines
          for (const line of next.lines) last.lines.push(line)
        } else hunks.push(next)
      }
    }
    i0 = i
    j0 = j
  }
  return hunks
}

/** Lines with their line feed; the last one may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/**
 * Pairs of line indices (cut before a[i] and b[j]) in the middle of runs of
 * at least two equal lines, in increasing order: a hunk next to a cut has at
 * least one line of context on that side (with context at all), so its
 * numbers follow the usual form and hunks that meet can be joined.
 */
function cutPoints(a: readonly string[], b: readonly string[]): [number, number][] {
  const count = new Map<string, number>()
  for (const l of a) count.set(l, (count.get(l) ?? 0) + 1)
  const inB = new Map<string, number>()
  const once = new Map<string, number>()
  b.forEach((l, j) => {
    inB.set(l, (inB.get(l) ?? 0) + 1)
    once.set(l, j)
  })
  // Lines found exactly once in each text, in the order of the old text.
  const pairs: [number, number][] = []
  a.forEach((l, i) => {
    if (count.get(l) === 1 && inB.get(l) === 1) pairs.push([i, once.get(l)!])
  })
  const anchors = longestIncreasing(pairs)
  const cuts: [number, number][] = []
  let endA = 0
  let endB = 0
  for (const [i, j] of anchors) {
    if (i < endA) continue
    let s = 0
    while (i - s - 1 >= endA && j - s - 1 >= endB && a[i - s - 1] === b[j - s - 1]) s++
    let e = 1
    while (i + e < a.length && j + e < b.length && a[i + e] === b[j + e]) e++
    const length = s + e
    if (length >= 2) {
      const mid = Math.floor(length / 2)
      cuts.push([i - s + mid, j - s + mid])
    }
    endA = i + e
    endB = j + e
  }
  return cuts
}

/** The longest subsequence of pairs (increasing in the first index) increasing in the second: patience sorting. */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = []
  const previous: number[] = new Array(pairs.length)
  pairs.forEach(([, j], k) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (pairs[tails[mid]][1] < j) lo = mid + 1
      else hi = mid
    }
    previous[k] = lo > 0 ? tails[lo - 1] : -1
    tails[lo] = k
  })
  const out: [number, number][] = []
  for (let k = tails.length > 0 ? tails[tails.length - 1] : -1; k !== -1; k = previous[k]) out.push(pairs[k])
  return out.reverse()
}
