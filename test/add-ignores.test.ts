import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addIgnoreComments, hasComment, linesStartingInside } from '../dist/src/engine/baseline.js'
import { copyExample, goModule, guidefix } from './helpers/cli.js'

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

  it('keeps a directive for the next line next to its code: under one, the baseline goes at the end of the line', () => {
    const source = 'package p\n\nimport (\n\t"context"\n\t"os"\n)\n\n//guidefix:ignore context-first-param\nfunc f(x int, ctx context.Context) { os.Remove("x") }\n\nfunc g() {\n\t//nolint:unparam // reviewed\n\tos.Remove("y")\n}\n'
    const dir = goModule({ 'a.go': source })
    const first = guidefix(['--write', '--add-ignores', '.'], dir)
    expect(first.status).toBe(0)
    const text = readFileSync(join(dir, 'a.go'), 'utf8')
    expect(text).toContain('//guidefix:ignore context-first-param\nfunc f(x int, ctx context.Context) { os.Remove("x") } //guidefix:ignore ignored-error -- baseline\n')
    expect(text).toContain('\t//nolint:unparam // reviewed\n\tos.Remove("y") //guidefix:ignore ignored-error -- baseline\n')
    const second = guidefix(['.'], dir)
    expect(second.stdout).toMatch(/0 findings/)
    expect(second.status).toBe(0)
    const gofmt = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' })
    if (!gofmt.error) expect(gofmt.stdout).toBe('')
  })

  it('under a directive, leaves the finding when its line already ends in a comment or inside a raw string', () => {
    const text = 'package p\n\nfunc f() {\n\t//nolint:unparam\n\ty() // why\n\t//lint:ignore SA1 reason\n\tz(`a\nb`)\n\t//nolint\n\tw("//")\n}\n'
    const r = addIgnoreComments(text, [finding('ignored-error', 5), finding('ignored-error', 7), finding('ignored-error', 10)])
    expect(r.refused.map((f) => f.start.line)).toEqual([7, 5])
    expect(r.added).toBe(1)
    expect(r.text).toContain('\t//nolint\n\tw("//") //guidefix:ignore ignored-error -- baseline\n')
    expect([hasComment('x := "//" + `/*`'), hasComment("c := '/' // note"), hasComment('a /* b */')]).toEqual([false, true, true])
  })
})
