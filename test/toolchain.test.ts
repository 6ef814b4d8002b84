import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { loadFixtures } from './helpers/fixtures.js'
import { go, gofmtList, hasGo, writeModule, type GoPackageFiles } from './helpers/go.js'

const cases = loadFixtures()
const withGolden = cases.filter((c) => c.files.some((f) => f.golden !== undefined))

/** Golden outputs that import only the standard library can be vetted here. */
function stdlibOnly(text: string): boolean {
  const imports = [...text.matchAll(/^\s*(?:\w+\s+)?"([^"]+)"$/gm)].map((m) => m[1])
  return imports.every((p) => !p.split('/')[0].includes('.'))
}

describe.skipIf(!hasGo())('Go toolchain on golden outputs', () => {
  // One module per Go version the fixtures state; one package per case.
  const byVersion = new Map<string, GoPackageFiles[]>()
  for (const c of withGolden) {
    const version = c.settings.goVersion ?? c.goVersion ?? '1.19'
    const files = c.files.map((f) => ({ name: f.path.split('/').pop()!, text: f.golden ?? f.input }))
    if (!files.every((f) => stdlibOnly(f.text))) continue
    const list = byVersion.get(version) ?? []
    list.push({ dir: `${c.rule}/${c.name}`, files })
    byVersion.set(version, list)
  }
  const roots = [...byVersion].map(([version, packages]) => ({ version, root: writeModule(version, packages), packages }))

  it('every golden file is gofmt-clean', () => {
    const paths = roots.flatMap((r) => r.packages.flatMap((p) => p.files.map((f) => join(r.root, p.dir, f.name))))
    expect(paths.length).toBeGreaterThan(0)
    const r = gofmtList(paths)
    expect(r.output).toBe('')
    expect(r.status).toBe(0)
  })

  for (const { version, root } of roots) {
    it(`go vet passes on the golden outputs (go ${version})`, () => {
      const r = go(['vet', './...'], root)
      expect(r.output).toBe('')
      expect(r.status).toBe(0)
    })
  }

  // A case holding behaviour_test.go proves that its fix changes what the program does:
  // the test fails on the input and passes on the golden output.
  const behaviour = withGolden.filter((c) => c.files.some((f) => f.path.endsWith('/behaviour_test.go')))
  const asModule = (golden: boolean) =>
    writeModule(
      '1.21',
      behaviour.map((c) => ({ dir: `${c.rule}/${c.name}`, files: c.files.map((f) => ({ name: f.path.split('/').pop()!, text: golden ? (f.golden ?? f.input) : f.input })) })),
    )

  it.skipIf(behaviour.length === 0)('behaviour tests fail on the inputs and pass on the golden outputs', () => {
    const before = go(['test', '-count=1', './...'], asModule(false))
    for (const c of behaviour) expect(before.output, `${c.rule}/${c.name} must fail before the fix`).toMatch(new RegExp(`^FAIL\\s+fixtures\\.test/${c.rule}/${c.name}`, 'm'))
    const after = go(['test', '-count=1', './...'], asModule(true))
    expect(after.output).not.toMatch(/^FAIL/m)
    expect(after.status).toBe(0)
  }, 300_000) // two `go test` builds of packages that use net/http, on a shared machine
})

describe.skipIf(!hasGo())('gofmt', () => {
  it('formats through standard input when no temporary folder can be made', async () => {
    const { gofmtMany } = await import('../dist/src/runner/gofmt.js')
    const texts = ['package p\n\nvar  x = 1\n', 'package p\n\nfunc {\n']
    const before = process.env.TMPDIR
    process.env.TMPDIR = '/nonexistent/guidefix'
    try {
      expect(gofmtMany(texts)).toEqual(['package p\n\nvar x = 1\n', null])
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
    }
    expect(gofmtMany(texts)).toEqual(['package p\n\nvar x = 1\n', null])
  })
})
