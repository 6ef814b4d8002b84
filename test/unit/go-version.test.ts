import { describe, expect, it } from 'vitest'
import { gateAllows, goDirectiveOf, modulePathOf, parseGoVersion } from '../../dist/src/engine/go-version.js'

describe('go.mod', () => {
  it('reads the go directive and the module path', () => {
    const mod = '// comment\nmodule example.com/x // trailing\n\ngo 1.21.5\n\ntoolchain go1.22.1\n'
    expect(goDirectiveOf(mod)).toEqual({ major: 1, minor: 21 })
    expect(modulePathOf(mod)).toBe('example.com/x')
  })
  it('has no version when the directive is missing', () => expect(goDirectiveOf('module x\n')).toBeUndefined())
  it('parses versions the way go.mod writes them', () => {
    expect(parseGoVersion('1.22')).toEqual({ major: 1, minor: 22 })
    expect(parseGoVersion('go1.23rc1')).toEqual({ major: 1, minor: 23 })
    expect(parseGoVersion('one')).toBeUndefined()
  })
})

describe('version gates', () => {
  const v = (s: string) => parseGoVersion(s)
  it('min is inclusive, max exclusive', () => {
    expect(gateAllows({ min: '1.21' }, v('1.21'))).toBe(true)
    expect(gateAllows({ min: '1.21' }, v('1.20'))).toBe(false)
    expect(gateAllows({ max: '1.22' }, v('1.21'))).toBe(true)
    expect(gateAllows({ max: '1.22' }, v('1.22'))).toBe(false)
  })
  it('an unknown version counts as the oldest Go', () => {
    expect(gateAllows({ min: '1.21' }, undefined)).toBe(false)
    expect(gateAllows({ max: '1.22' }, undefined)).toBe(true)
  })
})
