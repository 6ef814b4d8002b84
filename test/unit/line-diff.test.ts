import { describe, expect, it } from 'vitest'
import { applyPatch, structuredPatch } from 'diff'
import { lineHunks } from '../../dist/src/text/line-diff.js'

/** A file of `n` small functions; `change(i)` rewrites the body of function i or leaves it. */
function file(n: number, change: (i: number) => string | null, end = '\n'): string {
  let s = 'package p\n\nimport "fmt"\n'
  for (let i = 0; i < n; i++) s += `\nfunc f${i}(err error) error {\n\tif err != nil {\n\t\t${change(i) ?? `return fmt.Errorf("step ${i}: %v", err)`}\n\t}\n\treturn nil\n}\n`
  return s.slice(0, -1) + end
}

function patched(before: string, context: number, after: string): string | false {
  const hunks = lineHunks(before, after, context)
  return applyPatch(before, { oldFileName: '', newFileName: '', oldHeader: '', newHeader: '', hunks })
}

describe('lineHunks', () => {
  it('gives the hunks of a whole-file diff, whether changes are spread out or dense', () => {
    const before = file(40, () => null)
    const spread = file(40, (i) => (i % 3 === 0 ? `return fmt.Errorf("step ${i}: %w", err)` : i % 7 === 0 ? 'return err\n\t\t// gone' : null))
    const dense = file(40, (i) => `return fmt.Errorf("step ${i}: %w", err)`)
    for (const after of [spread, dense]) {
      for (const context of [0, 1, 3]) expect(lineHunks(before, after, context)).toEqual(structuredPatch('', '', before, after, '', '', { context }).hunks)
    }
  })
  it('round-trips insertions, removals, the first and the last line, and a missing final newline', () => {
    const before = file(30, () => null, '')
    const cases = [
      file(30, (i) => (i === 0 || i === 29 ? 'panic(err)' : null), ''),
      '// head\n' + file(30, (i) => (i === 15 ? 'x()\n\t\ty()' : null)),
      file(29, () => null, ''),
      '',
    ]
    for (const after of cases) for (const context of [0, 1, 3]) expect(patched(before, context, after)).toBe(after)
  })
})
