import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidefix, tempDir } from './helpers/cli.js'
import { hasGo } from './helpers/go.js'

const NEW_EXPR = `package p

import "fmt"

func count() int { return 1 }

func start(err error) error {
	n := new(uint64(count()))
	_ = n
	return fmt.Errorf("start: %v", err)
}
`

function project(): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'go.mod'), 'module example.test\n\ngo 1.26\n')
  writeFileSync(join(dir, 'a.go'), NEW_EXPR)
  return dir
}

describe.runIf(hasGo())('a file with Go 1.26 new(expr)', () => {
  it('is fixed outside the part the parser does not understand, counted in the summary and named', () => {
    const dir = project()
    const r = guidefix(['--write', '.'], dir)
    expect(r.stderr).toBe('')
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(NEW_EXPR.replace('%v', '%w'))
    expect(r.stdout).toMatch(/^a\.go: 8:\d+: Go 1\.26 new\(expr\) is not understood by the parser yet; the rest of the file was analysed/m)
    expect(r.stdout).toMatch(/1 file parsed with unsupported syntax/)
  })

  it('is analysed in a worker process too, which finds gofmt on the same PATH', () => {
    const dir = project()
    // Enough files and packages for the run to start worker processes.
    for (let i = 0; i < 160; i++) {
      mkdirSync(join(dir, `q${i % 4}`), { recursive: true })
      writeFileSync(join(dir, `q${i % 4}`, `f${i}.go`), `package q\n\nfunc f${i}() int { return ${i} }\n`)
    }
    const r = guidefix(['--jobs', '2', '--write', '.'], dir)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(NEW_EXPR.replace('%v', '%w'))
    expect(r.stdout).toMatch(/1 file parsed with unsupported syntax/)
  })

  it('is listed by --format json', () => {
    const r = guidefix(['--format', 'json', '.'], project())
    const report = JSON.parse(r.stdout)
    expect(report.summary.unsupportedSyntax).toBe(1)
    expect(report.files.find((f: { path: string }) => f.path === 'a.go').unsupportedSyntax).toMatch(/new\(expr\)/)
  })

  it('is skipped as before, saying why, when gofmt is not on PATH', () => {
    const dir = project()
    const r = guidefix(['--write', '.'], dir, { PATH: '/nonexistent' })
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(NEW_EXPR)
    expect(r.stderr).toMatch(/a\.go: skipped, syntax error at 8:\d+ \(gofmt is not on PATH/)
  })
})
