import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addIgnoreComments, linesStartingInside } from '../dist/src/engine/baseline.js'
import { copyExample, guidefix } from './helpers/cli.js'

function finding(ruleId: string, line: number) {
  return { ruleId, section: '§4', tier: 'detect' as const, path: 'a.go', message: '', start: { line, column: 2, index: 0 }, end: { line, column: 3, index: 0 }, fixed: false }
}

describe('--add-ignores', () => {
  it('baselines what is left after the fixes: gofmt-clean, and a second run finds nothing and exits 0', () => {
    const dir = copyExample()
    const first = guidefix(['--write', '--add-ignores', '--allow-dirty', '.'], dir)
    expect(first.stdout).toMatch(/; (\d+) baseline ignore comments added/)
    expect(first.status).toBe(0)
    const second = guidefix(['.'], dir)
    expect(second.stdout).toMatch(/0 files would change; fixes: 0 safe, 0 suggested; 0 findings/)
    expect(second.status).toBe(0)
    const worker = readFileSync(join(dir, 'internal/worker/worker.go'), 'utf8')
    expect(worker).toMatch(/^\t+\/\/guidefix:ignore log-error-printf -- baseline\n\t+log\.Printf/m)
    expect(readFileSync(join(dir, 'cmd/server/main.go'), 'utf8')).toMatch(/^\t\/\/guidefix:ignore fatal-listen,log-error-printf -- baseline\n\tlog\.Fatal/m)
    const gofmt = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' })
    if (!gofmt.error) expect(gofmt.stdout).toBe('')
    expect(guidefix(['--write', '--add-ignores', '--allow-dirty', '.'], dir).stdout).not.toMatch(/baseline ignore comment/)
  })

  it('a dry run shows the comments in its diff and writes nothing', () => {
    const dir = copyExample()
    const before = readFileSync(join(dir, 'internal/worker/worker.go'), 'utf8')
    const r = guidefix(['--add-ignores', '.'], dir)
    expect(r.stdout).toMatch(/^\+\t+\/\/guidefix:ignore log-error-printf -- baseline$/m)
    expect(r.stdout).toMatch(/baseline ignore comments to add/)
    expect(readFileSync(join(dir, 'internal/worker/worker.go'), 'utf8')).toBe(before)
  })

  it('knows which lines start inside a raw string or a block comment', () => {
    const text = 'package p\n\nvar s = `a\nb`\n/* c\nd */\nvar t = "`" // `\nvar u = \'`\'\n'
    expect([...linesStartingInside(text)]).toEqual([4, 6])
  })

  it('never puts a comment inside a raw string; one comment per line, ids merged into a baseline comment already there', () => {
    const text = 'package p\n\nvar s = `a\nb` + x\n\nfunc f() {\n\t//guidefix:ignore error-is -- baseline\n\ty()\n\tz()\n}\n'
    const r = addIgnoreComments(text, [finding('error-as', 4), finding('ignored-error', 8), finding('errorf-wrap', 9), finding('error-as', 9)])
    expect(r.refused.map((f) => f.start.line)).toEqual([4])
    expect(r.added).toBe(2)
    expect(r.text).toBe(
      'package p\n\nvar s = `a\nb` + x\n\nfunc f() {\n\t//guidefix:ignore error-is,ignored-error -- baseline\n\ty()\n\t//guidefix:ignore error-as,errorf-wrap -- baseline\n\tz()\n}\n',
    )
  })
})
