import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../../dist/src/codemod/loader.js'
import { checkRuleOptions, SelectionError } from '../../dist/src/runner/select.js'

const codemods = await loadCodemods(builtinCodemodDirs())

describe('rule options', () => {
  it('accepts the options a rule declares, with values of the right shape', () => {
    expect(() => checkRuleOptions(codemods, { 'interface-i-prefix': { allowInitialisms: ['IBM', 'ISBN'] } })).not.toThrow()
  })

  it('stops the run on a key the rule does not know, naming the keys it takes', () => {
    expect(() => checkRuleOptions(codemods, { 'interface-i-prefix': { allowInitialism: ['IBM'] } })).toThrow(
      /options\.interface-i-prefix: unknown option "allowInitialism"; interface-i-prefix takes allowInitialisms/,
    )
  })

  it('stops the run on a value the rule rejects', () => {
    expect(() => checkRuleOptions(codemods, { 'interface-i-prefix': { allowInitialisms: 'IBM' } })).toThrow(SelectionError)
    expect(() => checkRuleOptions(codemods, { 'interface-i-prefix': { allowInitialisms: ['I B M'] } })).toThrow(/allowInitialisms: must be a list of words/)
  })

  it('stops the run on options of a rule that does not exist', () => {
    const others = codemods.filter((c) => c.meta.id !== 'interface-i-prefix')
    expect(() => checkRuleOptions(others, { 'interface-i-prefix': { allowInitialisms: [] } })).toThrow(/options: unknown rule "interface-i-prefix"/)
  })
})
