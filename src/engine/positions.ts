import type { Position } from '../codemod/types.js'

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(text: string, index: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: index - lineStart + 1, index }
}
