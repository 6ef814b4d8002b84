import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyExample, guidefix } from './helpers/cli.js'
import { go, hasGo } from './helpers/go.js'
import { unifiedDiff } from '../dist/src/report/diff.js'

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e)
      if (statSync(p).isDirectory()) walk(p)
      else out.set(p, readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  return out
}

describe('guidefix on examples/legacy-service', () => {
  const dir = copyExample()
  const before = snapshot(dir)

  it('dry run prints diffs, findings and a summary, writes nothing, exits 1', () => {
    const r = guidefix(['--dry-run', '.'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^--- a\/internal\/\S+\.go$/m)
    expect(r.stdout).toMatch(/^\+\+\+ b\/internal\/\S+\.go$/m)
    expect(r.stdout).toMatch(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$/m)
    expect(r.stdout).toMatch(/^internal\/\S+\.go:\d+:\d+ {2}[a-z-]+ {2}§\d+ {2}\S.*$/m)
    expect(r.stdout).toMatch(/\d+ files scanned; \d+ files would change; fixes: \d+ safe, \d+ suggested(, \d+ suggested pending \(use --unsafe\))?; \d+ findings/)
    expect(r.stdout).not.toContain('\x1b[')
    expect(snapshot(dir)).toEqual(before)
  })

  it('a dry run marks fixed exactly the findings that --write leaves no trace of, those fixed in a later pass too', () => {
    const fresh = copyExample()
    type Doc = { findings: { path: string; ruleId: string; fixed: boolean }[] }
    const key = (f: Doc['findings'][number]) => `${f.path} ${f.ruleId}`
    const planned = JSON.parse(guidefix(['--format', 'json', '--unsafe', '.'], fresh).stdout) as Doc
    // held back by an overlap with error-is in the first pass, the rename is made in the second
    expect(planned.findings.find((f) => f.ruleId === 'error-var-naming' && f.path === 'internal/billing/invoice.go')?.fixed).toBe(true)
    const left = JSON.parse(guidefix(['--format', 'json', '--unsafe', '--write', '.'], fresh).stdout) as Doc
    expect(planned.findings.filter((f) => !f.fixed).map(key).sort()).toEqual(left.findings.map(key).sort())
  })

  it('--list prints only the paths that would change', () => {
    const r = guidefix(['--list', '.'], dir)
    expect(r.status).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(l).toMatch(/^internal\/\S+\.go$|^cmd\/\S+\.go$/)
  })

  it('--write applies the fixes; a second run changes nothing and the dry run shows no diff', () => {
    const planned = JSON.parse(guidefix(['--format', 'json', '.'], dir).stdout) as { files: { path: string; diff?: string }[] }
    const first = guidefix(['--write', '.'], dir)
    expect(first.stderr).toBe('')
    expect([0, 1]).toContain(first.status)
    const afterFirst = snapshot(dir)
    expect(afterFirst).not.toEqual(before)
    // What the dry run showed is exactly what --write did.
    for (const [path, text] of afterFirst) {
      const rel = path.slice(dir.length + 1)
      expect(planned.files.find((f) => f.path === rel)?.diff ?? '', rel).toBe(unifiedDiff(rel, before.get(path)!, text))
    }
    const second = guidefix(['--write', '.'], dir)
    expect(snapshot(dir)).toEqual(afterFirst)
    expect(second.stdout).toContain('0 files changed')
    const dry = guidefix(['--dry-run', '.'], dir)
    expect(dry.stdout).not.toMatch(/^--- a\//m)
  })

  it.skipIf(!hasGo())('the fixed module builds and passes go vet', () => {
    const vet = go(['vet', './...'], dir)
    expect(vet.output).toBe('')
    expect(vet.status).toBe(0)
    const test = go(['test', './...'], dir)
    expect(test.status, test.output).toBe(0)
  })

  it.skipIf(!hasGo())('--write --unsafe (suggested fixes too) leaves a module that builds, vets and passes its tests, and stays put', () => {
    const unsafe = copyExample()
    guidefix(['--write', '--unsafe', '.'], unsafe)
    const fixed = snapshot(unsafe)
    expect(go(['vet', './...'], unsafe).status).toBe(0)
    const test = go(['test', './...'], unsafe)
    expect(test.status, test.output).toBe(0)
    expect(guidefix(['--write', '--unsafe', '.'], unsafe).stdout).toContain('0 files changed')
    expect(snapshot(unsafe)).toEqual(fixed)
  })
})
