import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { fixText } from '../dist/src/index.js'
import { copyExample } from './helpers/cli.js'

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

  it('rejects a Go version it cannot read', async () => {
    await expect(fixText(SOURCE, { goVersion: 'one' })).rejects.toThrow(/goVersion must look like/)
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
