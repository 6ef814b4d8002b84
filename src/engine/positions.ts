import type { Position } from '../codemod/types.js'

/**
 * Line starts of the text last asked about: a file's findings all ask about
 * one text, and scanning it from the top for each would cost its length
 * times the number of findings.
 */
let known: { text: string; starts: number[] } | undefined

function lineStarts(text: string): number[] {
  if (known?.text === text) return known.starts
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  known = { text, starts }
  return starts
}

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(text: string, index: number): Position {
  const starts = lineStarts(text)
  // The last line start at or before the index (a newline at the index itself belongs to its line).
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= index) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: index - starts[lo] + 1, index }
}
