import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidefix, tempDir } from './helpers/cli.js'
import { go, hasGo } from './helpers/go.js'
import { attribute } from '../dist/src/runner/go-toolchain.js'
import { newErrors } from '../dist/src/runner/new-errors.js'
import { textKey } from '../dist/src/runner/verify-texts.js'
import { resolveScan, runScan } from '../dist/src/index.js'

/** Holds test-break-upper, a rule whose fix does not compile. */
const BROKEN_RULE = new URL('./verify-codemods', import.meta.url).pathname

// a: the broken rule and error-is both fix it; only error-is's fix may stay.
const A = `package a

import (
	"io"
	"strings"
)

func Up(s string) string { return strings.ToUpper(s) }

func IsEOF(err error) bool { return err == io.EOF }
`
// b: error-is alone, in a package that imports a.
const B = `package b

import (
	"io"

	"example.test/m/a"
)

func Done(err error) bool { return err == io.EOF && a.Up("x") == "X" }
`
// c: already broken before guidefix touches it.
const C = `package c

import "io"

func Done(err error) bool { return err == io.EOF && missing() }
`

// d: go vet already complains about it; the broken rule adds a build error, which is blamed.
const D = `package d

import (
	"fmt"
	"io"
	"strings"
)

func Show(err error) string {
	fmt.Printf("%d\\n", "not a number")
	if err == io.EOF {
		return strings.ToUpper("eof")
	}
	return ""
}
`

// t: tests alone, which go build refuses to build; vet checks them.
const T = `package t

import (
	"io"
	"testing"
)

func notEOF(err error) bool { return err != io.EOF }

func TestEOF(t *testing.T) {
	if notEOF(io.EOF) {
		t.Fatal("not EOF")
	}
}
`

function write(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

function module(): string {
  return write(tempDir(), { 'go.mod': 'module example.test/m\n\ngo 1.22\n', 'a/a.go': A, 'b/b.go': B, 'c/c.go': C, 'd/d.go': D, 't/t_test.go': T })
}

/** Every file's bytes and modification time, to show a run wrote nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else out[p] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`
    }
  }
  walk(root)
  return out
}

describe.skipIf(!hasGo())('--verify', () => {
  it('takes back the fixes of a rule that breaks a package, keeps the other rules and packages, and does not blame a package that failed before', () => {
    const root = module()
    const r = guidefix(['--write', '--verify', '--codemods', BROKEN_RULE, '.'], root)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    const a = readFileSync(join(root, 'a/a.go'), 'utf8')
    expect(a).toContain('strings.ToUpper(s)')
    expect(a).toContain('errors.Is(err, io.EOF)')
    expect(readFileSync(join(root, 'b/b.go'), 'utf8')).toContain('errors.Is(err, io.EOF)')
    // c fails on its own: its fix is kept and nothing is rolled back there.
    expect(readFileSync(join(root, 'c/c.go'), 'utf8')).toContain('errors.Is(err, io.EOF)')
    expect(r.stdout).toMatch(/^a: --verify rolled back test-break-upper: its fixes break the package\n {4}go build: a\/a\.go:\d+:\d+: undefined: strings\.ToUpperNowhere$/m)
    expect(r.stdout).toMatch(/^a: kept the fixes of error-is$/m)
    expect(r.stdout).toMatch(/^c: fails before the fixes too, so nothing was rolled back\n {4}go build: c\/c\.go:\d+:\d+: undefined: missing$/m)
    expect(r.stdout).not.toMatch(/^b:/m)
    // d's vet complaint was there before: error-is is kept, the new build error is blamed on the broken rule.
    const d = readFileSync(join(root, 'd/d.go'), 'utf8')
    expect(d).toContain('errors.Is(err, io.EOF)')
    expect(d).toContain('strings.ToUpper("eof")')
    expect(r.stdout).toMatch(/^d: --verify rolled back test-break-upper: its fixes break the package\n {4}go build: d\/d\.go:\d+:\d+: undefined: strings\.ToUpperNowhere$/m)
    expect(readFileSync(join(root, 't/t_test.go'), 'utf8')).toContain('!errors.Is(err, io.EOF)')
    expect(r.stdout).not.toMatch(/^t:/m)
    expect(r.stdout).toMatch(/5 packages verified \(go build, go vet\), 2 rolled back, 1 failing before the fixes/)
    expect(go(['build', './a', './b', './d'], root).status).toBe(0)
  })

  it('keeps the module locked until what it rolls back is written', async () => {
    const root = module()
    const locked: boolean[] = []
    const scan = await resolveScan(['.'], { cwd: root, write: true, allowDirty: true, verify: ['build'], codemods: [BROKEN_RULE] })
    const result = await runScan(scan, { onVerifyProgress: () => locked.push(existsSync(join(root, '.guidefix.lock'))) })
    result.dispose?.()
    expect(result.verify?.packages.some((p) => p.status === 'rolled-back')).toBe(true)
    expect(locked.length).toBeGreaterThan(1)
    expect(locked.every(Boolean)).toBe(true)
    expect(existsSync(join(root, '.guidefix.lock'))).toBe(false)
  })

  it('on a dry run checks the fixed text without writing anything, and reports in JSON', () => {
    const root = module()
    const before = snapshot(root)
    const r = guidefix(['--verify=build', '--format', 'json', '--codemods', BROKEN_RULE, '.'], root)
    expect(r.status).toBe(1)
    expect(snapshot(root)).toEqual(before)
    const report = JSON.parse(r.stdout)
    expect(report.verify.checks).toEqual(['build'])
    expect(report.verify.packages.map((p: { dir: string; status: string }) => [p.dir, p.status])).toEqual([
      ['a', 'rolled-back'],
      ['b', 'passed'],
      ['c', 'pre-existing'],
      ['d', 'rolled-back'],
      ['t', 'passed'],
    ])
    const a = report.verify.packages[0]
    expect(a.kept).toEqual(['error-is'])
    expect(a.rolledBack).toHaveLength(1)
    expect(a.rolledBack[0].rule).toBe('test-break-upper')
    expect(a.rolledBack[0].errors[0]).toMatch(/^go build: a\/a\.go:\d+:\d+: undefined: strings\.ToUpperNowhere$/)
    // The diff shown is what --write would now do: the kept rule's fix only.
    const diff = report.files.find((f: { path: string }) => f.path === 'a/a.go').diff as string
    expect(diff).toContain('+func IsEOF(err error) bool { return errors.Is(err, io.EOF) }')
    expect(diff).not.toContain('ToUpperNowhere')
  })

  it('checks code outside any module in GOPATH mode', () => {
    const gopath = tempDir()
    const root = write(join(gopath, 'src/example.test/old'), { 'old.go': A.replace('package a', 'package old') })
    // Without go.mod the Go version is unknown; errors.Is needs 1.13, so the version is given.
    const r = guidefix(['--write', '--verify', '--go-version', '1.13', '--codemods', BROKEN_RULE, '.'], root, { GOPATH: gopath })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^\.: --verify rolled back test-break-upper/m)
    const text = readFileSync(join(root, 'old.go'), 'utf8')
    expect(text).toContain('strings.ToUpper(s)')
    expect(text).toContain('errors.Is(err, io.EOF)')
  })

  it('blames no package for a failure of the whole module that the original text shares', () => {
    const alone = B.replace(' && a.Up("x") == "X"', '').replace('\n\t"example.test/m/a"\n', '')
    const root = write(tempDir(), { 'go.mod': 'module example.test/m\n\ngo 1.22\n\nnot a directive\n', 'b/b.go': alone, 'e/e.go': alone.replace('package b', 'package e') })
    const r = guidefix(['--verify=build', '--format', 'json', '.'], root, { GUIDEFIX_DEBUG: '1' })
    const report = JSON.parse(r.stdout)
    expect(report.verify.packages).toMatchObject([
      { dir: 'b', status: 'pre-existing', kept: ['error-is'], rolledBack: [] },
      { dir: 'e', status: 'pre-existing', kept: ['error-is'], rolledBack: [] },
    ])
    expect(report.verify.packages[0].errors.join('\n')).toMatch(/go\.mod/)
    // Once after the fixes, once before: no package is checked alone.
    expect(r.stderr.match(/: go build /g)).toHaveLength(2)
  })

  it('is a usage error when go is not on PATH, and writes nothing', () => {
    const root = module()
    const before = snapshot(root)
    const r = guidefix(['--write', '--verify', '.'], root, { PATH: tempDir() })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guidefix: --verify needs the go command, and none is on PATH/)
    expect(snapshot(root)).toEqual(before)
  })

  it('names the checks it takes', () => {
    const r = guidefix(['--verify=lint', '.'], module())
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--verify takes build, vet or test, comma-separated \(got "lint"\)/)
  })
})

describe('errors the fixes added', () => {
  it('are those whose message was not printed for the original text, wherever they stand', () => {
    const before = ['go vet: d/d.go:10:2: fmt.Printf format %d has arg "x" of wrong type string', 'go build: d/d.go:3:1: undefined: y']
    const after = ['go build: d/d.go:4:1: undefined: y', 'go build: d/d.go:12:9: undefined: z', 'go build: \tmore about z', 'go vet: d/d.go:11:2: fmt.Printf format %d has arg "x" of wrong type string']
    expect(newErrors(after, before)).toEqual(['go build: d/d.go:12:9: undefined: z', 'go build: \tmore about z'])
    expect(newErrors(['go build: d/d.go:4:1: undefined: y', 'go build: d/d.go:9:1: undefined: y'], before)).toEqual(['go build: d/d.go:9:1: undefined: y'])
  })
})

describe('reading the go command output', () => {
  const target = {
    cwd: '/m',
    gopath: false,
    dirs: ['/m/a', '/m/b'],
    importPaths: new Map([
      ['/m/a', 'example.test/m/a'],
      ['/m/b', 'example.test/m/b'],
    ]),
    overlaid: new Map([['/tmp/t/1/a.go', '/m/a/a.go']]),
  }
  const display = (p: string) => p.replace('/m/', '')

  it('blames the package whose file holds the error, naming the real file rather than the overlay', () => {
    const out = '# example.test/m/a\n../tmp/t/1/a.go:3:9: undefined: x\n\tmore detail\nvet: b/b.go:4:2: fmt.Printf format %d has arg s of wrong type string\n'
    const { failed } = attribute(out, target, display)
    expect(failed.get('/m/a')).toEqual(['a/a.go:3:9: undefined: x', '\tmore detail'])
    expect(failed.get('/m/b')).toEqual(['vet: b/b.go:4:2: fmt.Printf format %d has arg s of wrong type string'])
  })

  it("names the real file for an earlier run's overlay file that the build cache replays", () => {
    const byKey = new Map([[textKey('/m/b/b.go'), '/m/b/b.go']])
    const out = `/tmp/guidefix-verify-Ab12Cd/after/${textKey('/m/b/b.go')}/b.go:7:3: fmt.Errorf format %w has arg e of wrong type string\n`
    const { failed } = attribute(out, { ...target, byKey }, display)
    expect(failed.get('/m/b')).toEqual(['b/b.go:7:3: fmt.Errorf format %w has arg e of wrong type string'])
  })

  it('blames a package that cannot be loaded by its import path', () => {
    const { failed } = attribute('example.test/m/b: no non-test Go files in /m/b\n', target, display)
    expect([...failed]).toEqual([['/m/b', ['example.test/m/b: no non-test Go files in /m/b']]])
  })

  it("blames a failing test on its package, but a dependency's build failure on no one", () => {
    const out = '--- FAIL: TestUp (0.00s)\n    a_test.go:9: got "x"\nFAIL\nFAIL\texample.test/m/a\t0.01s\nFAIL\texample.test/m/b [build failed]\n'
    const { failed } = attribute(out, target, display)
    expect([...failed.keys()]).toEqual(['/m/a'])
    expect(failed.get('/m/a')).toEqual(['--- FAIL: TestUp (0.00s)', 'a_test.go:9: got "x"'])
  })
})
