import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixText, scan, UsageError } from '../dist/src/index.js'
import { copyExample, EOF_COMPARED, EXAMPLE, goModule, guidefix } from './helpers/cli.js'

const SOURCE = `package p

import (
	"io"
	"log"
)

func f(err error) bool {
	if err != nil {
		log.Printf("read failed: %v", err)
	}
	return err == io.EOF
}
`

describe('fixText', () => {
  it('fixes one source string and returns the text, the findings and a diff', async () => {
    const r = await fixText(SOURCE, { goVersion: '1.21', filename: 'a/b.go' })
    expect(r.text).toContain('return errors.Is(err, io.EOF)')
    expect(r.text).toContain('log.Printf') // a suggested fix waits for unsafe
    expect(r.findings.map((f) => [f.ruleId, f.fixed])).toEqual([
      ['log-error-printf', false],
      ['error-is', true],
    ])
    expect(r.findings[1].path).toBe('a/b.go')
    expect(r.diff).toMatch(/^--- a\/a\/b\.go\n\+\+\+ b\/a\/b\.go\n/)
    expect(r.errors).toEqual([])
  })

  it('applies suggested fixes with unsafe, and only the chosen rules', async () => {
    const unsafe = await fixText(SOURCE, { goVersion: '1.21', unsafe: true })
    expect(unsafe.text).toContain('slog.Error(')
    const one = await fixText(SOURCE, { goVersion: '1.21', unsafe: true, rules: ['error-is'] })
    expect(one.findings.map((f) => f.ruleId)).toEqual(['error-is'])
    expect(one.text).toContain('log.Printf')
  })

  it('keeps CRLF line endings and a byte-order mark', async () => {
    const r = await fixText('\uFEFF' + SOURCE.replace(/\n/g, '\r\n'), { goVersion: '1.21', rules: ['error-is'] })
    expect(r.text.startsWith('\uFEFF')).toBe(true)
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n')
    expect(r.text).toContain('errors.Is(err, io.EOF)\r\n')
  })

  it('leaves text that does not parse alone and says why', async () => {
    const broken = 'package p\n\nimport "io"\n\nfunc f(err error) bool {\n\treturn err == io.EOF\n}\n\nfunc g( {\n'
    const r = await fixText(broken)
    expect(r.text).toBe(broken)
    expect(r.diff).toBe('')
    expect(r.errors.join('\n')).toMatch(/syntax|pars/i)
  })

  it('removes a directive that suppresses nothing with reportUnusedIgnores', async () => {
    const source = 'package p\n\n//guidefix:ignore error-is\nvar a = 1\n'
    const r = await fixText(source, { reportUnusedIgnores: true })
    expect(r.findings.map((f) => [f.ruleId, f.start.line, f.fixed])).toEqual([['unused-ignore', 3, true]])
    expect(r.text).toBe('package p\n\nvar a = 1\n')
    expect((await fixText(source)).text).toBe(source)
  })

  it('rejects a Go version it cannot read', async () => {
    await expect(fixText(SOURCE, { goVersion: 'one' })).rejects.toThrow(/goVersion must look like/)
  })
})

const withoutTime = (doc: unknown) => JSON.parse(JSON.stringify(doc).replace(/"elapsedMs":[\d.]+/g, '"elapsedMs":0'))

describe('scan', () => {
  it('returns the document --format json prints, relative to cwd', async () => {
    const report = await scan(['.'], { cwd: EXAMPLE, unsafe: true, statistics: true })
    const cli = JSON.parse(guidefix(['--format', 'json', '--unsafe', '--statistics', '.'], EXAMPLE).stdout)
    expect(report.findings.length).toBeGreaterThan(0)
    expect(report.statistics?.length).toBeGreaterThan(0)
    expect(withoutTime(report)).toEqual(withoutTime(cli))
  })

  it('writes with write: true and then finds nothing left to fix', async () => {
    const dir = goModule({ 'p.go': EOF_COMPARED })
    const written = await scan([], { cwd: dir, write: true, rules: ['error-is'] })
    expect(written.files.map((f) => [f.path, f.status, f.fixes])).toEqual([['p.go', 'changed', { safe: 1, suggest: 0 }]])
    expect(readFileSync(join(dir, 'p.go'), 'utf8')).toContain('errors.Is(err, io.EOF)')
    const again = await scan([], { cwd: dir, rules: ['error-is'] })
    expect([again.files, again.findings]).toEqual([[], []])
  })

  it('names options as the API spells them when one is wrong', async () => {
    await expect(scan([], { goVersion: 'one' })).rejects.toThrow(UsageError)
    await expect(scan([], { goVersion: 'one' })).rejects.toThrow(/^goVersion must look like 1\.21/)
    await expect(scan([], { jobs: 0 })).rejects.toThrow(/^jobs must be a whole number/)
    await expect(scan([], { shard: '3/2' })).rejects.toThrow(/^shard must be K\/N/)
    await expect(scan([], { verify: ['lint' as never] })).rejects.toThrow(/^verify takes build, vet or test/)
    await expect(scan([], { fileTimeout: 'soon' })).rejects.toThrow(/^fileTimeout must be a duration/)
  })

  it('reads .guidefix.yml unless config is false', async () => {
    const dir = goModule({ 'p.go': EOF_COMPARED, '.guidefix.yml': 'skip: [error-is]\n' })
    expect((await scan([], { cwd: dir })).findings).toEqual([])
    expect((await scan([], { cwd: dir, config: false })).findings.map((f) => f.ruleId)).toEqual(['error-is'])
  })

  it('refuses to write over uncommitted changes unless allowDirty', async () => {
    const dir = goModule({ 'p.go': 'package p\n' })
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'start')
    writeFileSync(join(dir, 'p.go'), EOF_COMPARED)
    await expect(scan([], { cwd: dir, write: true })).rejects.toThrow(/^write refuses to touch Go files with uncommitted changes \(1, e\.g\. p\.go\).*pass allowDirty$/)
    expect((await scan([], { cwd: dir, write: true, allowDirty: true, rules: ['error-is'] })).summary.fixes.safe).toBe(1)
  })

  it('builds on no module of the command line', () => {
    const src = new URL('../src/', import.meta.url).pathname
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) visit(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')))
    }
    for (const f of readdirSync(join(src, 'api'))) visit(join(src, 'api', f))
    expect(seen.size).toBeGreaterThan(10)
    expect([...seen].filter((f) => f.startsWith(join(src, 'cli')))).toEqual([])
  })
})

describe('examples/scripts/wrap-errors-by-dir.mjs', () => {
  const script = new URL('../examples/scripts/wrap-errors-by-dir.mjs', import.meta.url).pathname
  const node = (args: string[], cwd: string) => spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' })

  it('counts per directory in a dry run, then wraps them with --write', () => {
    const dir = copyExample()
    const dry = node(['.'], dir)
    expect(dry.status).toBe(0)
    const total = Number(/^\s*(\d+)\s+errors to wrap/m.exec(dry.stdout)?.[1])
    expect(total).toBeGreaterThan(0)
    const perDir = [...dry.stdout.matchAll(/^\s*(\d+)\s+internal\//gm)].reduce((n, m) => n + Number(m[1]), 0)
    expect(perDir).toBe(total)
    const written = node(['--write', '.'], dir)
    expect(written.stdout).toMatch(new RegExp(`^\\s*${total}\\s+errors now wrapped`, 'm'))
    expect(node(['.'], dir).stdout).toMatch(/^\s*0\s+errors to wrap/m)
  })
})
