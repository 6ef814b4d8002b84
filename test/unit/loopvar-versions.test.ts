import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../../dist/src/codemod/loader.js'
import { processPackage } from '../../dist/src/engine/engine.js'
import { parseGoVersion } from '../../dist/src/engine/go-version.js'
import { FIXTURES } from '../helpers/fixtures.js'

// loopvar-capture adds `v := v` below Go 1.22 and loopvar-copy-redundant removes it from 1.22 on:
// run together on one source under every version, they must reach a fixed point, never flip it back.
const codemods = (await loadCodemods(builtinCodemodDirs())).filter((c) => c.meta.id === 'loopvar-capture' || c.meta.id === 'loopvar-copy-redundant')
const unmarked = (path: string) => readFileSync(`${FIXTURES}${path}`, 'utf8').replace(/ \/\/ want "[^"]*"/g, '')

const withoutCopies = unmarked('loopvar-capture/workers.go')
const withCopies = unmarked('loopvar-capture/workers.go.golden')

async function run(text: string, version: string | undefined): Promise<{ output: string; rules: string[] }> {
  const [r] = await processPackage([{ path: 'workers.go', text }], {
    codemods,
    goVersion: version ? parseGoVersion(version) : undefined,
    applyTiers: new Set(['safe', 'suggest']),
  })
  return { output: r.output, rules: [...new Set(r.findings.map((f) => f.ruleId))] }
}

describe('loopvar-capture and loopvar-copy-redundant', () => {
  it('share their fixtures: one source, with and without the copies', () => {
    expect(unmarked('loopvar-copy-redundant/workers-copied.go')).toBe(withCopies)
    expect(unmarked('loopvar-copy-redundant/workers-copied.go.golden')).toBe(withoutCopies)
    expect(withCopies).not.toBe(withoutCopies)
  })

  for (const version of ['1.18', '1.21', undefined]) {
    it(`below Go 1.22 (${version ?? 'unknown'}) add the copies and keep them`, async () => {
      expect(await run(withoutCopies, version)).toEqual({ output: withCopies, rules: ['loopvar-capture'] })
      expect(await run(withCopies, version)).toEqual({ output: withCopies, rules: [] })
    })
  }

  for (const version of ['1.22', '1.26']) {
    it(`from Go ${version} remove the copies and add none`, async () => {
      expect(await run(withCopies, version)).toEqual({ output: withoutCopies, rules: ['loopvar-copy-redundant'] })
      expect(await run(withoutCopies, version)).toEqual({ output: withoutCopies, rules: [] })
    })
  }
})
