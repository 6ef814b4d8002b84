import { describe, expect, it } from 'vitest'
import { applyEdits, onlySwapsWords, resolveOverlaps, type PendingFix } from '../../dist/src/engine/edits.js'

function fix(ruleOrder: number, findingIndex: number, ...edits: [number, number, string?][]): PendingFix {
  return { ruleOrder, findingIndex, imports: [], removeImports: [], edits: edits.map(([start, end, path]) => ({ start, end, text: 'x', path: path ?? 'a.go' })) }
}

describe('resolveOverlaps', () => {
  it('keeps disjoint fixes', () => {
    const { kept, dropped } = resolveOverlaps([fix(0, 0, [0, 2]), fix(0, 1, [2, 4])])
    expect(kept.length).toBe(2)
    expect(dropped.length).toBe(0)
  })
  it('keeps the first by position, then by rule order, and drops a fix whole', () => {
    const a = fix(1, 0, [5, 9])
    const b = fix(0, 1, [5, 9])
    const c = fix(0, 2, [0, 1], [8, 12])
    const { kept, dropped } = resolveOverlaps([a, b, c])
    expect(kept.map((f) => f.findingIndex)).toEqual([2])
    expect(dropped.map((f) => f.findingIndex).sort()).toEqual([0, 1])
  })
  it('treats two insertions at one point as overlapping', () => {
    expect(resolveOverlaps([fix(0, 0, [3, 3]), fix(1, 1, [3, 3])]).kept.length).toBe(1)
  })
  it('does not mix up files', () => {
    expect(resolveOverlaps([fix(0, 0, [0, 5, 'a.go']), fix(0, 1, [0, 5, 'b.go'])]).kept.length).toBe(2)
  })
})

describe('applyEdits', () => {
  it('applies edits from the end so offsets stay valid', () => {
    expect(applyEdits('abcdef', [{ start: 0, end: 1, text: 'X' }, { start: 3, end: 5, text: '' }, { start: 6, end: 6, text: '!' }])).toBe('Xbcf!')
  })
})

describe('onlySwapsWords', () => {
  const src = 'x := fmt.Errorf("load: %v", err) // fo\nvar ErrorGone = errors.New("gone")\nn := 0x1f\n'
  const at = (s: string, n = 0) => src.indexOf(s) + n
  it('accepts a letter swapped inside a string and a rename', () => {
    expect(onlySwapsWords(src, [{ start: at('%v', 1), end: at('%v', 2), text: 'w' }])).toBe(true)
    expect(onlySwapsWords(src, [{ start: at('ErrorGone'), end: at('ErrorGone') + 9, text: 'ErrGone' }])).toBe(true)
  })
  it('refuses punctuation, keywords, numbers and two edits in one word', () => {
    expect(onlySwapsWords(src, [{ start: at('%v'), end: at('%v', 2), text: 'w' }])).toBe(false)
    expect(onlySwapsWords(src, [{ start: at('fo'), end: at('fo', 1), text: 'g' }])).toBe(false)
    expect(onlySwapsWords(src, [{ start: at('0x1f', 3), end: at('0x1f', 4), text: 'g' }])).toBe(false)
    expect(onlySwapsWords(src, [{ start: at('var'), end: at('var', 1), text: 'b' }])).toBe(false)
    expect(onlySwapsWords(src, [{ start: at('err)'), end: at('err)', 1), text: 'x' }, { start: at('err)', 2), end: at('err)', 3), text: 'y' }])).toBe(false)
    expect(onlySwapsWords(src, [{ start: at('err)'), end: at('err)', 3), text: 'e r' }])).toBe(false)
  })
})
