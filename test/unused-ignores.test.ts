import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { guidefix, goModule, tempDir } from './helpers/cli.js'

const FLAG = '--report-unused-ignores'
const validReport = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8')))

/** gofmt's verdict on the folder: the files it would change (empty when gofmt is not installed). */
function gofmtList(dir: string): string {
  const r = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' })
  return r.error ? '' : r.stdout
}

/** Runs --write with the flag, checks the result is gofmt-clean and that a second run finds and changes nothing. */
function writeTwice(dir: string, extra: string[] = []): { first: ReturnType<typeof guidefix>; text: string } {
  const first = guidefix(['--write', FLAG, ...extra, '.'], dir)
  const text = readFileSync(join(dir, 'a.go'), 'utf8')
  expect(gofmtList(dir)).toBe('')
  const second = guidefix([FLAG, ...extra, '.'], dir)
  expect(second.stdout).toMatch(/0 files would change; fixes: 0 safe, 0 suggested; 0 findings/)
  expect(second.status).toBe(0)
  expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(text)
  return { first, text }
}

const UNUSED_LINE = `package p

func f() int {
	n := 1
	//guidefix:ignore error-is -- baseline
	return n
}
`

describe('--report-unused-ignores', () => {
  it('reports a directive on a line of its own that suppresses nothing, and --write removes its line', () => {
    const dir = goModule({ 'a.go': UNUSED_LINE })
    const dry = guidefix([FLAG, '.'], dir)
    expect(dry.status).toBe(1)
    expect(dry.stdout).toMatch(/^a\.go:5:2 {2}unused-ignore {2}§0 {2}unused \/\/guidefix:ignore: error-is reported nothing on this line or the next \[fixed\]$/m)
    expect(dry.stdout).toMatch(/^-\t\/\/guidefix:ignore error-is -- baseline$/m)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(UNUSED_LINE)
    const { first, text } = writeTwice(dir)
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/1 file changed; fixes: 1 safe, 0 suggested; 0 findings/)
    expect(text).toBe('package p\n\nfunc f() int {\n\tn := 1\n\treturn n\n}\n')
  })

  it('removes a trailing directive with the blanks before it', () => {
    const dir = goModule({
      'a.go': 'package p\n\nfunc f(err error) bool {\n\tok := err == nil //guidefix:ignore error-is\n\treturn ok\n}\n',
    })
    const { text } = writeTwice(dir)
    expect(text).toBe('package p\n\nfunc f(err error) bool {\n\tok := err == nil\n\treturn ok\n}\n')
  })

  it('keeps the alignment of the comments around a removed trailing directive gofmt-clean', () => {
    const dir = goModule({
      'a.go': 'package p\n\nvar (\n\ta   = 1    // one\n\tbbb = 2222 //guidefix:ignore error-is\n)\n',
    })
    const { text } = writeTwice(dir)
    expect(text).toBe('package p\n\nvar (\n\ta   = 1 // one\n\tbbb = 2222\n)\n')
  })

  it('a directive between two blank lines leaves one blank line', () => {
    const dir = goModule({ 'a.go': 'package p\n\nvar a = 1\n\n//guidefix:ignore error-is\n\nvar b = 2\n' })
    const { text } = writeTwice(dir)
    expect(text).toBe('package p\n\nvar a = 1\n\nvar b = 2\n')
  })

  it('keeps a directive that suppresses a finding, fixable or detect-only, and reports nothing', () => {
    const source = `package p

import "io"

func f(err error) bool {
	//guidefix:ignore error-is -- the sentinel is compared on purpose
	return err == io.EOF
}

//guidefix:ignore interface-i-prefix
type IStore interface{ Get() int }
`
    const dir = goModule({ 'a.go': source })
    const r = guidefix([FLAG, '.'], dir)
    expect(r.stdout).not.toMatch(/unused-ignore/)
    expect(r.status).toBe(0)
    expect(guidefix(['--write', FLAG, '.'], dir).status).toBe(0)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(source)
  })

  it('takes an unused name out of a list, keeping the used one and the reason', () => {
    const dir = goModule({
      'a.go': 'package p\n\nimport "io"\n\nfunc f(err error) bool {\n\t//guidefix:ignore errorf-wrap, error-is -- reviewed\n\treturn err == io.EOF\n}\n',
    })
    const dry = guidefix([FLAG, '.'], dir)
    expect(dry.stdout).toMatch(/a\.go:6:2 {2}unused-ignore {2}§0 {2}unused \/\/guidefix:ignore: errorf-wrap reported nothing/)
    expect(dry.stdout).not.toMatch(/error-is reported nothing/)
    const { text } = writeTwice(dir)
    expect(text).toBe('package p\n\nimport "io"\n\nfunc f(err error) bool {\n\t//guidefix:ignore error-is -- reviewed\n\treturn err == io.EOF\n}\n')
  })

  it('finds the directive again after other fixes moved its line', () => {
    const dir = goModule({
      'a.go': 'package p\n\nimport "io"\n\nfunc f(err error) bool {\n\treturn err == io.EOF\n}\n\nfunc g() int {\n\t//guidefix:ignore error-is\n\treturn 1\n}\n',
    })
    const dry = guidefix([FLAG, '.'], dir)
    expect(dry.stdout).toMatch(/^a\.go:10:2 {2}unused-ignore/m)
    const { text } = writeTwice(dir)
    expect(text).toBe('package p\n\nimport (\n\t"errors"\n\t"io"\n)\n\nfunc f(err error) bool {\n\treturn errors.Is(err, io.EOF)\n}\n\nfunc g() int {\n\treturn 1\n}\n')
  })

  it('never reads a directive inside a raw string: it neither suppresses nor is removed', () => {
    const source = 'package p\n\nimport "io"\n\nfunc f(err error) (string, bool) {\n\treturn `\n//guidefix:ignore error-is`, err == io.EOF\n}\n\nvar doc = `\n//guidefix:ignore error-is\n`\n'
    const dir = goModule({ 'a.go': source })
    const r = guidefix([FLAG, '.'], dir)
    expect(r.stdout).not.toMatch(/unused-ignore/)
    expect(r.stdout).toMatch(/^a\.go:7:30 {2}error-is/m)
    guidefix(['--write', FLAG, '.'], dir)
    const text = readFileSync(join(dir, 'a.go'), 'utf8')
    expect(text).toContain('return `\n//guidefix:ignore error-is`, errors.Is(err, io.EOF)')
    expect(text).toContain('var doc = `\n//guidefix:ignore error-is\n`\n')
  })

  it('does not judge a name whose rule did not run: not selected, or outside its Go version gate', () => {
    const source = 'package p\n\nfunc f() int {\n\t//guidefix:ignore log-error-printf\n\treturn 1\n}\n'
    expect(guidefix([FLAG, '.'], goModule({ 'a.go': source }, '1.21')).stdout).toMatch(/unused-ignore.*log-error-printf reported nothing/)
    // log-error-printf runs from Go 1.21 only.
    const below = guidefix([FLAG, '.'], goModule({ 'a.go': source }, '1.20'))
    expect(below.stdout).not.toMatch(/unused-ignore/)
    expect(below.status).toBe(0)
    const other = guidefix([FLAG, '--rule', 'error-is', '.'], goModule({ 'a.go': source }, '1.21'))
    expect(other.stdout).not.toMatch(/unused-ignore/)
    expect(other.status).toBe(0)
    const skipped = guidefix([FLAG, '--skip', 'log-error-printf', '.'], goModule({ 'a.go': source }, '1.21'))
    expect(skipped.stdout).not.toMatch(/unused-ignore/)
  })

  it('follows the rules chosen per package by overrides in .guidefix.yml', () => {
    const source = 'package p\n\nfunc f() int {\n\t//guidefix:ignore error-is\n\treturn 1\n}\n'
    const dir = goModule({ 'a/a.go': source, 'b/b.go': source, '.guidefix.yml': 'reportUnusedIgnores: true\noverrides:\n  - paths: ["b"]\n    skip: [error-is]\n' })
    const r = guidefix(['.'], dir)
    expect(r.stdout).toMatch(/^a[/\\]a\.go:4:2 {2}unused-ignore/m)
    expect(r.stdout).not.toMatch(/b[/\\]b\.go:4:2 {2}unused-ignore/)
  })

  it('judges a bare //guidefix:ignore only when the run selected every rule, so never with a rule subset', () => {
    const source = 'package p\n\nfunc f() int {\n\t//guidefix:ignore\n\treturn 1\n}\n'
    const r = guidefix([FLAG, '--rule', 'error-is', '.'], goModule({ 'a.go': source }))
    expect(r.stdout).not.toMatch(/unused-ignore/)
    expect(r.status).toBe(0)
    for (const version of ['1.21', '1.22']) {
      const whole = goModule({ 'a.go': source }, version)
      const all = guidefix([FLAG, '.'], whole)
      expect(all.stdout, version).toMatch(/^a\.go:4:2 {2}unused-ignore .*no rule reported anything/m)
      expect(writeTwice(whole).text, version).toBe('package p\n\nfunc f() int {\n\treturn 1\n}\n')
    }
  })

  it('keeps a bare //guidefix:ignore that suppresses a finding of any rule', () => {
    const dir = goModule({ 'a.go': 'package p\n\nimport "io"\n\nfunc f(err error) bool {\n\t//guidefix:ignore\n\treturn err == io.EOF\n}\n' })
    const r = guidefix([FLAG, '.'], dir)
    expect(r.stdout).not.toMatch(/unused-ignore|error-is/)
    expect(r.status).toBe(0)
  })

  it('never reports a //nolint directive, nor a name that is no loaded rule', () => {
    const source = 'package p\n\nfunc f() int {\n\t//nolint:errorlint\n\tn := 1 //nolint\n\t//guidefix:ignore some-other-tool-rule\n\treturn n //nolint:guidefix\n}\n'
    const dir = goModule({ 'a.go': source })
    const r = guidefix([FLAG, '.'], dir)
    expect(r.stdout).not.toMatch(/unused-ignore/)
    expect(r.status).toBe(0)
  })

  it('a directive naming unused-ignore suppresses nothing and is itself reported', () => {
    const dir = goModule({ 'a.go': 'package p\n\n//guidefix:ignore unused-ignore\n//guidefix:ignore error-is\nvar a = 1\n' })
    const r = guidefix([FLAG, '.'], dir)
    expect(r.stdout).toMatch(/^a\.go:3:1 {2}unused-ignore .*unused-ignore reported nothing/m)
    expect(r.stdout).toMatch(/^a\.go:4:1 {2}unused-ignore .*error-is reported nothing/m)
    expect(writeTwice(dir).text).toBe('package p\n\nvar a = 1\n')
  })

  it('judges no directive of a generated file or of a file that does not parse', () => {
    const dir = goModule({
      'a.go': '// Code generated by hand. DO NOT EDIT.\n\npackage p\n\n//guidefix:ignore error-is\nvar a = 1\n',
      'b.go': 'package p\n\n//guidefix:ignore error-is\nvar b = (\n',
    })
    expect(guidefix([FLAG, '.'], dir).stdout).not.toMatch(/unused-ignore/)
  })

  it('reports nothing about directives without the flag', () => {
    const dir = goModule({ 'a.go': UNUSED_LINE })
    const r = guidefix(['--write', '.'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).not.toMatch(/unused-ignore/)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(UNUSED_LINE)
  })

  it('turns on from .guidefix.yml, and the flag alone turns it off there', () => {
    const dir = goModule({ 'a.go': UNUSED_LINE, '.guidefix.yml': 'reportUnusedIgnores: true\n' })
    expect(guidefix(['.'], dir).stdout).toMatch(/unused-ignore/)
    expect(guidefix(['--no-report-unused-ignores', '.'], dir).stdout).not.toMatch(/unused-ignore/)
    writeFileSync(join(dir, '.guidefix.yml'), 'reportUnusedIgnores: yes please\n')
    const bad = guidefix(['.'], dir)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/config error: .*reportUnusedIgnores/)
  })

  it('carries the finding and its rule in --format json, sarif and github', () => {
    const dir = goModule({ 'a.go': UNUSED_LINE })
    const json = JSON.parse(guidefix([FLAG, '--format', 'json', '--statistics', '.'], dir).stdout)
    expect(validReport(json) ? '' : JSON.stringify(validReport.errors)).toBe('')
    expect(json.findings).toEqual([
      expect.objectContaining({ ruleId: 'unused-ignore', section: '§0', tier: 'safe', path: 'a.go', start: expect.objectContaining({ line: 5, column: 2 }), fixed: true, fixable: 'safe' }),
    ])
    expect(json.rules.map((r: { id: string }) => r.id)).toContain('unused-ignore')
    const sarif = JSON.parse(guidefix([FLAG, '--format', 'sarif', '.'], dir).stdout)
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'unused-ignore')
    expect(rule.help.markdown).toMatch(/\*\*unused-ignore\*\* \(§0, safe\)/)
    expect(sarif.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'unused-ignore', fixes: [expect.anything()] })])
    expect(guidefix([FLAG, '--format', 'github', '.'], dir).stdout).toMatch(/^::warning file=a\.go,line=5,.*unused-ignore/m)
  })

  it('counts in --statistics and --report, and guidefix merge keeps each shard\'s findings once', () => {
    const dir = goModule({ 'a/a.go': UNUSED_LINE, 'b/b.go': UNUSED_LINE.replace('error-is', 'errorf-wrap') })
    const stats = guidefix([FLAG, '--statistics', '.'], dir)
    expect(stats.stdout).toMatch(/^unused-ignore +§0 +safe +2 +2 +0 +0$/m)
    const md = join(tempDir(), 'report.md')
    guidefix([FLAG, '--report', md, '-q', '.'], dir)
    expect(readFileSync(md, 'utf8')).toMatch(/### unused-ignore \(§0, safe\): 2/)
    const parts = ['1/2', '2/2'].map((shard, i) => {
      const file = join(tempDir(), `shard${i}.json`)
      guidefix([FLAG, '--shard', shard, '--format', 'json', '-o', file, '.'], dir)
      return file
    })
    const merged = JSON.parse(guidefix(['merge', ...parts], dir).stdout)
    expect(merged.findings.map((f: { ruleId: string; path: string }) => `${f.path} ${f.ruleId}`).sort()).toEqual(['a/a.go unused-ignore', 'b/b.go unused-ignore'])
  })

  it('refuses --rule unused-ignore with a usage error that names the flag', () => {
    const r = guidefix(['--rule', 'unused-ignore', '.'], goModule({ 'a.go': UNUSED_LINE }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/"unused-ignore" is not a rule to choose.*--report-unused-ignores/)
  })

  it('is documented by guidefix explain and listed by guidefix rules', () => {
    const dir = tempDir()
    const explain = guidefix(['explain', 'unused-ignore'], dir)
    expect(explain.status).toBe(0)
    expect(explain.stdout).toMatch(/^unused-ignore \(§0, safe\)/)
    expect(explain.stdout).toMatch(/--report-unused-ignores/)
    expect(guidefix(['rules'], dir).stdout).toMatch(/^unused-ignore +§0 +safe/m)
  })

  it('with --add-ignores, re-baselines: stale directives go, new findings get one, and the next run is clean', () => {
    const source = `package p

import "io"

func f(err error) bool {
	//guidefix:ignore error-string-compare -- baseline
	return err.Error() == "x" || err == io.EOF
}

//guidefix:ignore errorf-wrap -- baseline
type IStore interface{ Get() int }
`
    const dir = goModule({ 'a.go': source })
    const r = guidefix(['--write', '--add-ignores', FLAG, '.'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/1 baseline ignore comment added/)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(`package p

import (
	"errors"
	"io"
)

func f(err error) bool {
	//guidefix:ignore error-string-compare -- baseline
	return err.Error() == "x" || errors.Is(err, io.EOF)
}

//guidefix:ignore interface-i-prefix -- baseline
type IStore interface{ Get() int }
`)
    expect(gofmtList(dir)).toBe('')
    const again = guidefix(['--write', '--add-ignores', FLAG, '.'], dir)
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/0 files changed; fixes: 0 safe, 0 suggested; 0 findings/)
  })
})
