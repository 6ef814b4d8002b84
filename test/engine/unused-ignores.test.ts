import { describe, expect, it } from 'vitest'
import { processPackage } from '../../dist/src/engine/engine.js'
import { findDirectives } from '../../dist/src/engine/suppress.js'
import { removalEdit, unusedDirectives } from '../../dist/src/engine/unused-ignores.js'
import { parseGo } from '../../dist/src/gosyntax/parse.js'
import type { Codemod, RuleContext } from '../../dist/src/codemod/types.js'

/** A rule that reports every call of `name()`, with a safe fix that renames it to `done()` when `fix`. */
function callRule(id: string, name: string, order: number, fix = false): Codemod {
  return {
    meta: { id, section: '§4', tier: fix ? 'safe' : 'detect', message: `${name} called`, rationale: '', examples: [] },
    order,
    check(ctx: RuleContext) {
      for (const call of ctx.root.findAll({ rule: { kind: 'call_expression', regex: `^${name}\\(` } })) {
        const fn = call.field('function')!
        ctx.report({ node: call, fix: fix ? { edits: [{ start: fn.range().start.index, end: fn.range().end.index, text: 'done' }] } : undefined })
      }
    },
  }
}

const failing: Codemod = {
  meta: { id: 'failing', section: '§4', tier: 'detect', message: 'never', rationale: '', examples: [] },
  order: 9,
  check() {
    throw new Error('out of order')
  },
}

const rules = [callRule('boom', 'boom', 0), callRule('bang', 'bang', 1, true)]

async function run(text: string, codemods: Codemod[], knownRules: string[]) {
  const [result] = await processPackage([{ path: 'a.go', text }], { codemods, applyTiers: new Set(['safe']), unusedIgnores: { knownRules } })
  return { unused: result.findings.filter((f) => f.ruleId === 'unused-ignore').map((f) => `${f.start.line}: ${f.message}`), output: result.output }
}

describe('unused //guidefix:ignore directives in the engine', () => {
  it('judges a bare directive when every rule of the catalog ran, and not when one did not', async () => {
    const text = 'package p\n\nfunc f() {\n\t//guidefix:ignore\n\tboom()\n\t//guidefix:ignore\n\tquiet()\n}\n'
    const all = await run(text, rules, ['boom', 'bang'])
    expect(all.unused).toEqual(['6: unused //guidefix:ignore: no rule reported anything on this line or the next'])
    expect(all.output).toBe('package p\n\nfunc f() {\n\t//guidefix:ignore\n\tboom()\n\tquiet()\n}\n')
    expect((await run(text, rules, ['boom', 'bang', 'elsewhere'])).unused).toEqual([])
  })

  it('counts a suppressed finding whose rule would have fixed it, and keeps the directive', async () => {
    const text = 'package p\n\nfunc f() {\n\tbang() //guidefix:ignore bang\n\tquiet()\n\tbang()\n}\n'
    const r = await run(text, rules, ['boom', 'bang'])
    expect(r.unused).toEqual([])
    expect(r.output).toBe('package p\n\nfunc f() {\n\tbang() //guidefix:ignore bang\n\tquiet()\n\tdone()\n}\n')
  })

  it('does not judge the name of a rule that failed on the file', async () => {
    const text = 'package p\n\nfunc f() {\n\t//guidefix:ignore failing,boom\n\tquiet()\n}\n'
    const r = await run(text, [...rules, failing], ['boom', 'bang', 'failing'])
    expect(r.unused).toEqual(['4: unused //guidefix:ignore: boom reported nothing on this line or the next'])
    expect(r.output).toContain('\t//guidefix:ignore failing\n\tquiet()')
  })

  it('credits a //guidefix:ignore over a //nolint that covers the same finding', async () => {
    const text = 'package p\n\nfunc f() {\n\t//guidefix:ignore boom\n\tboom() //nolint:boom\n}\n'
    expect((await run(text, rules, ['boom', 'bang'])).unused).toEqual([])
  })

  it('judges only comments that begin with the directive, and names of rules that ran', () => {
    const text = 'package p\n\n// see //guidefix:ignore boom\nvar a = 1 /* //guidefix:ignore boom */\n//guidefix:ignore boom, other -- why\nvar b = "//guidefix:ignore boom"\n'
    const directives = findDirectives(text, parseGo(text).root())
    expect(directives.map((d: { line: number; leading: boolean }) => `${d.line} ${d.leading}`)).toEqual(['3 false', '4 false', '5 true'])
    const verdicts = unusedDirectives(directives, { used: new Map(), ran: new Set(['boom']), selected: new Set(['boom']), known: new Set(['boom']) })
    expect(verdicts).toEqual([{ index: 2, names: ['boom'], whole: false }])
    const edit = removalEdit(text, directives[2], verdicts[0])
    expect(text.slice(0, edit.start) + edit.text + text.slice(edit.end)).toContain('//guidefix:ignore other -- why\n')
  })
})
