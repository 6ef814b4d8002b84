import { describe, expect, it } from 'vitest'
import { applyEdits, resolveOverlaps, type PendingFix } from '../../dist/src/engine/edits.js'

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
