import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../../dist/src/codemod/loader.js'
import { processPackage } from '../../dist/src/engine/engine.js'
import { gofmtMany } from '../../dist/src/runner/gofmt.js'
import { checkRuleOptions } from '../../dist/src/runner/select.js'
import { goDuration, parseDuration } from '../../dist/codemods/lib/go-duration.js'
import { hasGo } from '../helpers/go.js'

const all = await loadCodemods(builtinCodemodDirs())
const rules = all.filter((c) => c.meta.id === 'http-server-no-timeout' || c.meta.id === 'http-client-no-timeout')

/** The fix applied with no gofmt to fall back on: the rule's own layout must be gofmt's. */
async function fixWithoutGofmt(body: string): Promise<string> {
  const text = `package p\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nvar _ = time.Now\n\n${body}`
  const [result] = await processPackage([{ path: '/x/p.go', text }], { codemods: rules, goVersion: undefined, applyTiers: new Set(['safe', 'suggest']) })
  expect(result.output).not.toBe(text)
  return result.output
}

const layouts: Record<string, string> = {
  'aligned keys, the new key longest': 'var s = &http.Server{\n\tAddr:    ":80",\n\tHandler: nil,\n}\n',
  'aligned keys, the new key shorter than one of them': 'var c = &http.Client{\n\tCheckRedirect: nil,\n\tJar:           nil,\n}\n',
  'a multi-line value before the new key': 'var s = &http.Server{\n\tAddr: ":80",\n\tHandler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t}),\n}\n',
  'a blank line between groups': 'var s = &http.Server{\n\tAddr: ":80",\n\n\tHandler:  nil,\n\tErrorLog: nil,\n}\n',
  'trailing comments': 'var s = &http.Server{\n\tAddr:    ":80", // where\n\tHandler: nil,   // what\n}\n',
  'one line': 'var c = http.Client{Jar: nil}\n',
  empty: 'var c = &http.Client{}\n',
}

describe.skipIf(!hasGo())('timeout fields keep gofmt layout on their own', () => {
  for (const [name, body] of Object.entries(layouts)) {
    it(name, async () => {
      const out = await fixWithoutGofmt(body)
      expect(gofmtMany([out])[0]).toBe(out)
    })
  }
})

describe('duration options', () => {
  it('reads durations and writes them in the largest unit that divides them', () => {
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('30')).toBeNull()
    expect(parseDuration('0s')).toBeNull()
    expect(parseDuration(30)).toBeNull()
    expect(goDuration(90_000, 'time')).toBe('90 * time.Second')
    expect(goDuration(3_600_000, 't')).toBe('t.Hour')
    expect(goDuration(1500, 'time')).toBe('1500 * time.Millisecond')
  })

  it('refuses options a rule does not take or cannot use', () => {
    expect(() => checkRuleOptions(all, { 'http-client-no-timeout': { timeout: '45s' } })).not.toThrow()
    expect(() => checkRuleOptions(all, { 'http-client-no-timeout': { timeout: 'soon' } })).toThrow(/options\.http-client-no-timeout\.timeout must be a positive duration/)
    expect(() => checkRuleOptions(all, { 'http-server-no-timeout': { readTimeout: '5s' } })).toThrow(/unknown option "readTimeout"; http-server-no-timeout takes readHeaderTimeout/)
    expect(() => checkRuleOptions(all, { 'no-such-rule': {} })).toThrow(/unknown rule "no-such-rule"/)
  })
})
