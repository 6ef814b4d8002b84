import { describe, expect, it } from 'vitest'
import { inBlocks, itemsOf, jsonChunks } from '../../dist/src/report/json-chunks.js'

describe('jsonChunks', () => {
  it('writes exactly what JSON.stringify(doc, null, 2) writes, item by item', () => {
    const files = [{ path: 'a.go', diff: 'line 1\nline 2\n', errors: [], skip: undefined }, { path: 'b "q".go', nested: { list: [1, [2, {}]] } }]
    const findings: unknown[] = []
    const doc = { version: 1, files, findings, deep: { runs: [{ results: [3, 'x'] }] }, tail: 'end' }
    const skeleton = { ...doc, files: itemsOf('files'), findings: itemsOf('findings'), deep: { runs: [{ results: itemsOf('results') }] } }
    const chunks = [...jsonChunks(skeleton, { files, findings, results: [3, 'x'] })]
    expect(chunks.join('')).toBe(JSON.stringify(doc, null, 2) + '\n')
    expect(chunks.length).toBeGreaterThan(3)
  })

  it('joins small pieces into blocks', () => {
    expect([...inBlocks(['ab', 'cd', 'e'], 4)]).toEqual(['abcd', 'e'])
    expect([...inBlocks([], 4)]).toEqual([])
  })
})
