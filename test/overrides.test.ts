import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { settingsForPackage } from '../dist/src/runner/overrides.js'
import { guidefix, tempDir } from './helpers/cli.js'

const BAD = (pkg: string) => `package ${pkg}\n\nimport "io"\n\nfunc f(err error) bool {\n\treturn err == io.EOF\n}\n`

function tree(config: string): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'go.mod'), 'module example.test\n\ngo 1.21\n')
  for (const [sub, pkg] of [['cmd', 'cmd'], ['cmd/tool', 'tool'], ['lib', 'lib']]) {
    mkdirSync(join(dir, sub), { recursive: true })
    writeFileSync(join(dir, sub, 'a.go'), BAD(pkg))
  }
  writeFileSync(join(dir, '.guidefix.yml'), config)
  return dir
}

const base = { codemodDirs: [], rules: [], skip: ['x'], sections: [], applyTiers: [], write: false, renameExported: false, ruleOptions: { r: { a: 1, b: 2 } }, maxBytes: 1, gofmt: false, cwd: '/', profile: false }

describe('overrides in .guidefix.yml', () => {
  it('leave a rule out in the packages they name, and only there', () => {
    const r = guidefix(['.'], tree('overrides:\n  - paths: ["cmd/**"]\n    skip: [error-is]\n'))
    expect(r.stdout).toMatch(/^lib\/a\.go:6:9 {2}error-is/m)
    expect(r.stdout).not.toMatch(/^cmd\//m)
  })

  it('can narrow a part of the tree to some rules', () => {
    const r = guidefix(['--format', 'json', '.'], tree('overrides:\n  - paths: [lib]\n    rules: [errorf-wrap]\n'))
    const paths = JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path)
    expect(paths).toEqual(['cmd/a.go', 'cmd/tool/a.go'])
  })

  it.each([
    ['overrides:\n  - paths: [cmd]\n    skip: [no-such-rule]\n', /unknown rule "no-such-rule"/],
    ['overrides:\n  - skip: [error-is]\n', /overrides\.0\.paths/],
    ['overrides:\n  - paths: [cmd]\n    skipp: [error-is]\n', /overrides\.0.*skipp/],
  ])('are checked before anything runs: %j', (config, reason) => {
    const r = guidefix(['.'], tree(config))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(reason)
  })

  it('cover a folder and the packages below it whether written cmd, cmd/ or cmd/**', () => {
    for (const pattern of ['cmd', 'cmd/', 'cmd/**']) {
      const settings = { ...base, overrides: [{ base: '/repo', paths: [pattern], skip: ['y'] }] }
      expect(settingsForPackage(settings, '/repo/cmd').skip, pattern).toEqual(['x', 'y'])
      expect(settingsForPackage(settings, '/repo/cmd/tool').skip, pattern).toEqual(['x', 'y'])
      expect(settingsForPackage(settings, '/repo/lib').skip, pattern).toEqual(['x'])
      expect(settingsForPackage(settings, '/elsewhere/cmd').skip, pattern).toEqual(['x'])
    }
  })

  it('apply in order, options merged over the run’s', () => {
    const settings = {
      ...base,
      overrides: [
        { base: '/repo', paths: ['**'], options: { r: { a: 10 } } },
        { base: '/repo', paths: ['lib'], rules: ['only'], options: { r: { b: 20 } } },
      ],
    }
    const lib = settingsForPackage(settings, '/repo/lib')
    expect(lib.rules).toEqual(['only'])
    expect(lib.ruleOptions).toEqual({ r: { a: 10, b: 20 } })
    expect(settingsForPackage(settings, '/repo/cmd').ruleOptions).toEqual({ r: { a: 10, b: 2 } })
    expect(settings.ruleOptions).toEqual({ r: { a: 1, b: 2 } })
  })
})
