import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../../dist/src/codemod/loader.js'
import { processPackage } from '../../dist/src/engine/engine.js'
import { parseGoVersion } from '../../dist/src/engine/go-version.js'
import { goSyntaxError } from '../../dist/src/runner/gofmt.js'
import { hasNewOfExpression } from '../../dist/src/engine/syntax-gaps.js'
import { hasGo } from '../helpers/go.js'

const builtin = await loadCodemods(builtinCodemodDirs())
const errorfWrap = builtin.filter((c) => c.meta.id === 'errorf-wrap')
const checkSyntax = (text: string) => goSyntaxError(text) ?? null

// Go 1.26 lets new take an expression; the grammar only knows new(Type).
const NEW_EXPR = `package p

import "fmt"

func f() int { return 1 }

func g(err error) error {
	p := new(uint64(f()))
	_ = p
	return fmt.Errorf("g: %v", err)
}

func h(err error) error {
	q := new(fmt.Errorf("h: %v", err))
	_ = q
	return nil
}
`

async function run(text: string, options: Record<string, unknown> = {}) {
  const [result] = await processPackage([{ path: 'a.go', text }], {
    codemods: errorfWrap,
    goVersion: parseGoVersion('1.26'),
    applyTiers: new Set(['safe', 'suggest']),
    ...options,
  })
  return result
}

describe.runIf(hasGo())('a file the Go parser accepts but the grammar does not fully parse', () => {
  it('is analysed around the gap: fixed outside it, untouched inside, and the gap is named', async () => {
    const r = await run(NEW_EXPR, { checkSyntax })
    expect(r.skipped).toBeUndefined()
    expect(r.unsupportedSyntax).toMatch(/^8:\d+.*Go 1\.26 new\(expr\) is not understood by the parser yet/)
    expect(r.output).toContain('return fmt.Errorf("g: %w", err)')
    // The call inside new(...) lies in the gap: neither reported nor changed.
    expect(r.output).toContain('q := new(fmt.Errorf("h: %v", err))')
    expect(r.findings.map((f) => f.start.line)).toEqual([10])
    expect(r.fixes.safe).toBe(1)
  })

  it('drops a fix whose result has more syntax errors than the input', async () => {
    const breaking = {
      ...errorfWrap[0],
      meta: { ...errorfWrap[0].meta, id: 'breaks-code' },
      matchers: undefined,
      prefilter: undefined,
      check(ctx: { source: string; report: (r: unknown) => void }) {
        const at = ctx.source.indexOf('return nil')
        ctx.report({ node: { start: at, end: at + 10 }, message: 'x', fix: { edits: [{ start: at, end: at + 10, text: 'return (' }] } })
      },
    }
    const r = await run(NEW_EXPR, { checkSyntax, codemods: [breaking] })
    expect(r.output).toBe(NEW_EXPR)
    expect(r.errors.join('\n')).toMatch(/rule breaks-code produced code that does not parse/)
  })

  it('is skipped, saying why, when the Go parser cannot be asked', async () => {
    const r = await run(NEW_EXPR)
    expect(r.output).toBe(NEW_EXPR)
    expect(r.skipped).toMatch(/syntax error at 8:\d+ \(gofmt is not on PATH/)
  })

  it('is skipped with the Go parser\'s message when the code is broken', async () => {
    const broken = NEW_EXPR.replace('_ = p', '_ = p +')
    const r = await run(broken, { checkSyntax })
    expect(r.skipReason).toBe('syntax-error')
    expect(r.output).toBe(broken)
  })
})

describe('files the Go compiler rejects though the grammar parses them', () => {
  const body = `func g(err error) error {\n\treturn fmt.Errorf("g: %v", err)\n}\n`
  for (const [name, text, reason] of [
    ['a second package clause', `package p\n\nimport "fmt"\n\npackage q\n\n${body}`, /a second package clause at 5:1/],
    ['a return at the top level', `package p\n\nimport "fmt"\n\n${body}\nreturn\n`, /a statement outside any function \(return statement\) at 9:1/],
    ['an import after a declaration', `package p\n\n${body}\nimport "fmt"\n`, /an import after a declaration/],
  ] as const) {
    it(`are skipped, not rewritten: ${name}`, async () => {
      const r = await run(text)
      expect(r.output).toBe(text)
      expect(r.skipReason).toBe('syntax-error')
      expect(r.skipped).toMatch(reason)
      expect(r.skipped).toMatch(/the Go compiler rejects this file/)
    })
  }
})

describe('hasNewOfExpression', () => {
  it('tells new(expr) from new(Type)', () => {
    for (const t of ['new(uint64(1))', 'x := new(f())', 'new(1 + 2)', 'new("s")', 'new(a.b())']) expect(hasNewOfExpression(t), t).toBe(true)
    for (const t of ['new(T)', 'new([]int)', 'new(map[string]int)', 'new(pkg.T)', 'new(func() error)', 'renew(f())', 'x.new(f())']) expect(hasNewOfExpression(t), t).toBe(false)
  })
})
