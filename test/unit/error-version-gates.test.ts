import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../../dist/src/codemod/loader.js'
import { processPackage } from '../../dist/src/engine/engine.js'
import { compareModuleVersions, parseGoVersion, requiredModulesOf } from '../../dist/src/engine/go-version.js'

const codemods = await loadCodemods(builtinCodemodDirs())

describe('go.mod requirements', () => {
  it('reads single-line and block requires', () => {
    const mod = 'module x\n\ngo 1.21\n\nrequire github.com/pkg/errors v0.8.1 // indirect\n\nrequire (\n\tgolang.org/x/sys v0.1.0\n\t"example.com/q" v1.2.3-pre\n)\n'
    expect([...requiredModulesOf(mod)]).toEqual([
      ['github.com/pkg/errors', 'v0.8.1'],
      ['golang.org/x/sys', 'v0.1.0'],
      ['example.com/q', 'v1.2.3-pre'],
    ])
  })
  it('orders module versions, pseudo-versions before their release', () => {
    expect(compareModuleVersions('v0.9.1', 'v0.9.0')).toBeGreaterThan(0)
    expect(compareModuleVersions('v0.8.1', 'v0.9.0')).toBeLessThan(0)
    expect(compareModuleVersions('v0.9.0-0.20190227000051-27936f6d90f9', 'v0.9.0')).toBeLessThan(0)
    expect(compareModuleVersions('v0.10.0', 'v0.9.0')).toBeGreaterThan(0)
    expect(compareModuleVersions('master', 'v0.9.0')).toBeUndefined()
  })
})

/** Runs one rule on one file; `goVersion` undefined means no go.mod. */
async function run(rule: string, text: string, goVersion?: string, requires?: Map<string, string>) {
  const [result] = await processPackage([{ path: 'p.go', text }], {
    codemods: codemods.filter((c) => c.meta.id === rule),
    goVersion: goVersion ? parseGoVersion(goVersion) : undefined,
    requires,
    applyTiers: new Set(['safe', 'suggest']),
  })
  return result
}

const wrapSource = 'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc load(p string) error {\n\tif _, err := os.Stat(p); err != nil {\n\t\treturn fmt.Errorf("stat: %v", err)\n\t}\n\treturn nil\n}\n'
const isSource = 'package p\n\nimport "io"\n\nfunc atEnd(err error) bool {\n\treturn err == io.EOF\n}\n'
const asSource = 'package p\n\ntype E struct{}\n\nfunc (*E) Error() string { return "" }\n\nfunc isE(err error) bool {\n\tif _, ok := err.(*E); ok {\n\t\treturn true\n\t}\n\treturn false\n}\n'

describe('Go 1.13 APIs without a go.mod (the oldest Go is assumed)', () => {
  for (const [rule, text, api] of [
    ['errorf-wrap', wrapSource, '%w'],
    ['error-is', isSource, 'errors.Is'],
    ['error-as', asSource, 'errors.As'],
  ] as const) {
    it(`${rule} reports without fixing, and fixes with go 1.13`, async () => {
      const old = await run(rule, text)
      expect(old.output).toBe(text)
      expect(old.findings).toHaveLength(1)
      expect(old.findings[0].message).toContain(`${api} needs Go 1.13 and no go.mod states the Go version`)
      const recent = await run(rule, text, '1.13')
      expect(recent.output).not.toBe(text)
    })
  }
})

describe('github.com/pkg/errors imported as errors', () => {
  const text = 'package p\n\nimport (\n\t"io"\n\n\t"github.com/pkg/errors"\n)\n\nvar errBad = errors.New("bad")\n\nfunc atEnd(err error) bool {\n\treturn err == io.EOF\n}\n'
  it('has no Is when go.mod requires no version of it', async () => {
    const r = await run('error-is', text, '1.21')
    expect(r.output).toBe(text)
    expect(r.findings[0].message).toContain('github.com/pkg/errors is imported as errors and has Is only from v0.9.0')
  })
  it('has Is from v0.9.0', async () => {
    const r = await run('error-is', text, '1.21', new Map([['github.com/pkg/errors', 'v0.9.1']]))
    expect(r.output).toContain('return errors.Is(err, io.EOF)')
  })
})
