import { describe, expect, it } from 'vitest'
import { isSuppressed } from '../../dist/src/engine/suppress.js'

const at = (text: string, needle: string) => text.indexOf(needle)

describe('inline suppression', () => {
  it.each([
    ['x := 1 //guidefix:ignore', true],
    ['x := 1 //guidefix:ignore error-is', true],
    ['x := 1 //guidefix:ignore error-as,error-is', true],
    ['x := 1 //guidefix:ignore errorf-wrap', false],
    ['x := 1 //nolint:guidefix', true],
    ['x := 1 //nolint:errcheck,guidefix', true],
    ['x := 1 //nolint:errcheck', false],
    ['x := 1 // a comment', false],
  ])('%s → %s', (line, expected) => {
    const text = `package p\n\n${line}\n`
    expect(isSuppressed(text, at(text, 'x :='), 'error-is')).toBe(expected)
  })
  it('applies from the line above', () => {
    const text = 'package p\n\n//guidefix:ignore\nx := 1\n'
    expect(isSuppressed(text, at(text, 'x :='), 'error-is')).toBe(true)
  })
})
