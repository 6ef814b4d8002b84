import { describe, expect, it } from 'vitest'
import { loadCodemods, builtinCodemodDirs } from '../dist/src/codemod/loader.js'
import { processPackage } from '../dist/src/engine/engine.js'
import { parseGoVersion } from '../dist/src/engine/go-version.js'
import { gofmtMany } from '../dist/src/runner/gofmt.js'
import { isGenerated } from '../dist/src/runner/source-file.js'
import { isBroken, isPositive, loadFixtures, wantedLines, type FixtureCase } from './helpers/fixtures.js'

const codemods = await loadCodemods(builtinCodemodDirs())
const cases = loadFixtures()

function runCase(c: FixtureCase, texts: string[], needRemaining = true, treeBudget?: number) {
  const codemod = codemods.filter((m) => m.meta.id === c.rule)
  const version = c.settings.goVersion ?? c.goVersion
  return processPackage(
    // Generated files are handed over as the runner does: context that no fix may change.
    c.files.map((f, i) => (isGenerated(texts[i]) ? { path: f.path, text: texts[i], context: true, frozen: 'is generated code' } : { path: f.path, text: texts[i] })),
    {
      codemods: codemod,
      goVersion: version ? parseGoVersion(version) : undefined,
      applyTiers: new Set(['safe', 'suggest']),
      renameExported: c.settings.renameExported ?? false,
      requires: c.requires,
      // Where the toolchain check puts the case: module fixtures.test, one folder per case.
      modulePath: 'fixtures.test',
      importPath: `fixtures.test/${c.rule}/${c.name}`,
      // No case's package is imported by another: exported renames may go ahead.
      importers: () => [],
      ruleOptions: c.settings.options ? { [c.rule]: c.settings.options } : {},
      format: gofmtMany,
      needRemaining,
      treeBudget,
    },
  )
}

describe('fixtures', () => {
  it('cover every rule with at least three positive and three negative cases', () => {
    for (const c of codemods) {
      const mine = cases.filter((x) => x.rule === c.meta.id)
      const positive = mine.filter(isPositive).length
      expect({ rule: c.meta.id, positive: positive >= 3, negative: mine.length - positive >= 3 }).toEqual({ rule: c.meta.id, positive: true, negative: true })
    }
  })

  it('name only rules that exist', () => {
    const ids = new Set(codemods.map((c) => c.meta.id))
    for (const c of cases) expect(ids.has(c.rule), `test/fixtures/${c.rule} names no rule`).toBe(true)
  })

  for (const c of cases) {
    it(`${c.rule}/${c.name}`, async () => {
      const results = await runCase(c, c.files.map((f) => f.input))
      results.forEach((result, i) => {
        const file = c.files[i]
        if (isBroken(file.path)) expect(result.skipped, `${file.path} must not parse`).toMatch(/^syntax error/)
        else expect(result.skipped, `${file.path} must parse`).toBeUndefined()
        expect(result.errors).toEqual([])
        const want = wantedLines(file.input)
        const got = new Map<number, string[]>()
        for (const f of result.findings) got.set(f.start.line, [...(got.get(f.start.line) ?? []), f.ruleId])
        const expected = [...want].map(([line, ids]) => `${line}: ${ids.sort().join(' ')}`).sort()
        const actual = [...got].map(([line, ids]) => `${line}: ${ids.sort().join(' ')}`).sort()
        expect(actual, `findings in ${file.path}`).toEqual(expected)
        expect(result.output, `output of ${file.path}`).toBe(file.golden ?? file.input)
      })
      // A dry run, which stops after the first pass when nothing overlapped, shows what --write does.
      const dry = await runCase(c, c.files.map((f) => f.input), false)
      dry.forEach((r, i) => expect(r.output, `dry run of ${c.files[i].path}`).toBe(results[i].output))
      // With no room for trees, each is dropped once used, parsed again and its nodes found again by position: nothing may differ.
      const tight = await runCase(c, c.files.map((f) => f.input), true, 0)
      tight.forEach((r, i) => expect({ output: r.output, findings: r.findings, remaining: r.remaining }, `${c.files[i].path} with trees dropped`).toEqual({ output: results[i].output, findings: results[i].findings, remaining: results[i].remaining }))
      const tightDry = await runCase(c, c.files.map((f) => f.input), false, 0)
      tightDry.forEach((r, i) => expect({ output: r.output, findings: r.findings }, `dry run of ${c.files[i].path} with trees dropped`).toEqual({ output: dry[i].output, findings: dry[i].findings }))
      // A second run over the output changes nothing.
      const again = await runCase(c, results.map((r) => r.output))
      again.forEach((r, i) => expect(r.output, `second run over ${c.files[i].path}`).toBe(results[i].output))
    })
  }
})
