import { describe, expect, it } from 'vitest'
import { literalFormatText, parseFormat } from '../../dist/src/gosyntax/printf.js'

const args = (f: string) => parseFormat(f)!.verbs.map((v) => `${v.verb}${v.flags}@${v.arg}`)

describe('parseFormat', () => {
  it('maps verbs to arguments in order', () => expect(args('%s: %v')).toEqual(['s@0', 'v@1']))
  it('skips %% which consumes nothing', () => expect(args('100%% of %v')).toEqual(['v@0']))
  it('follows explicit indexes', () => expect(args('%[2]v %[1]s %v')).toEqual(['v@1', 's@0', 'v@1']))
  it('counts * widths and precisions as arguments', () => expect(args('%*d %.*f %v')).toEqual(['d@1', 'f@3', 'v@4']))
  it('keeps flags', () => expect(args('%+v %#v %-5s')).toEqual(['v+@0', 'v#@1', 's-@2']))
  it('marks sized verbs', () => expect(parseFormat('%5v %v')!.verbs.map((v) => v.sized)).toEqual([true, false]))
  it('gives offsets of each directive', () => {
    const v = parseFormat('a %[3]v b')!.verbs[0]
    expect([v.start, v.end]).toEqual([2, 7])
  })
  it('refuses what it cannot read', () => {
    expect(parseFormat('%[x]v')).toBeNull()
    expect(parseFormat('trailing %')).toBeNull()
  })
  it('refuses literals whose escapes could hide a %', () => {
    expect(literalFormatText('"\\x25v"')).toBeNull()
    expect(literalFormatText('`%v`')).toBe('%v')
  })
})
