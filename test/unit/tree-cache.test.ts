import { describe, expect, it } from 'vitest'
import { anchorOf, TreeCache } from '../../dist/src/engine/tree-cache.js'

const a = 'package p\n\nvar A = 1\n'
const b = 'package p\n\nfunc B() {}\n'
const c = 'package p\n\ntype C struct{ x int }\n'

describe('TreeCache', () => {
  it('keeps trees within the budget, dropping the least recently used', () => {
    const trees = new TreeCache(a.length + c.length)
    const first = trees.root('a.go', a)
    trees.root('b.go', b)
    expect(trees.root('a.go', a)).toBe(first)
    trees.root('c.go', c)
    expect(trees.holds('a.go', a)).toBe(true)
    expect(trees.holds('b.go', b)).toBe(false)
    expect(trees.takeDropped()).toBe(b.length)
    expect(trees.takeDropped()).toBe(0)
  })

  it('parses again for another text of the same file', () => {
    const trees = new TreeCache()
    trees.root('a.go', a)
    expect(trees.holds('a.go', b)).toBe(false)
    expect(trees.root('a.go', b).text()).toBe(b)
  })

  it('keeps the latest tree however large, and pinned ones', () => {
    const trees = new TreeCache(1)
    trees.root('a.go', a)
    expect(trees.holds('a.go', a)).toBe(true)
    trees.pin('a.go')
    trees.root('b.go', b)
    expect(trees.holds('a.go', a)).toBe(true)
    expect(trees.holds('b.go', b)).toBe(true)
    trees.unpin('a.go')
    expect(trees.holds('a.go', a)).toBe(false)
  })

  it('finds a node again by anchor, the same node while the tree is kept', () => {
    const trees = new TreeCache(0)
    const ident = trees.root('c.go', c).find({ rule: { kind: 'field_identifier' } })!
    const anchor = anchorOf(ident)
    trees.pin('c.go')
    const found = trees.nodeAt('c.go', c, anchor)!
    expect(found.text()).toBe('x')
    expect(trees.nodeAt('c.go', c, anchor)).toBe(found)
    trees.unpin('c.go')
    // Dropped and parsed again: an equal node of another tree.
    const again = trees.nodeAt('c.go', c, anchor)!
    expect(again.range()).toEqual(ident.range())
    expect(again.kind()).toBe('field_identifier')
    expect(trees.nodeAt('c.go', c, { ...anchor, kind: 'identifier' })).toBeNull()
  })
})
