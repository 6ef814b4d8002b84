import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../dist/src/codemod/loader.js'
import type { Codemod, Edit, Report, RuleContext } from '../dist/src/codemod/types.js'
import { processPackage } from '../dist/src/engine/engine.js'
import { parseGoVersion } from '../dist/src/engine/go-version.js'
import { firstSyntaxError, parseGo } from '../dist/src/gosyntax/parse.js'
import { loadSourceFile, restoreText } from '../dist/src/runner/source-file.js'
import { isPositive, loadFixtures, type FixtureCase } from './helpers/fixtures.js'

/*
 * Fixtures, changed in ways that keep their meaning for every rule (a
 * renamed identifier, code moved into a block or a closure, comments between
 * tokens, CRLF line endings), must still give output that parses, that a
 * second run leaves alone, and fixes whose edits stay inside the function
 * holding the node they report (a `defer cancel()` added after it, a switch
 * rewritten around one of its cases, a timer made before its loop), or
 * rename that node's name. Few runs per rule keep the suite fast;
 * a failure prints the smallest change that breaks it.
 */

const codemods = await loadCodemods(builtinCodemodDirs())
const cases = loadFixtures().filter(isPositive)
const RUNS_PER_RULE = Number(process.env.GUIDEFIX_PROPERTY_RUNS ?? 6)
const scratch = mkdtempSync(join(tmpdir(), 'guidefix-property-'))

const PREDECLARED = new Set('_ true false nil iota append cap clear close complex copy delete imag len make max min new panic print println real recover any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr'.split(' '))

type Mutation = (text: string, pick: number) => string

/** Renames one identifier everywhere it occurs as a word, to a name nothing else uses. */
const rename: Mutation = (text, pick) => {
  const names = [...new Set(parseGo(text).root().findAll({ rule: { kind: 'identifier' } }).map((n) => n.text()))].filter((n) => !PREDECLARED.has(n)).sort()
  if (names.length === 0) return text
  const name = names[pick % names.length]
  return text.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}Qz`)
}

/** Moves the body of one function into a nested block or an immediately called closure. */
function wrapBody(open: string, close: string): Mutation {
  return (text, pick) => {
    const bodies = parseGo(text).root().findAll({ rule: { kind: 'block', inside: { kind: 'function_declaration' } } }).filter((b) => b.parent()?.kind() === 'function_declaration')
    if (bodies.length === 0) return text
    const r = bodies[pick % bodies.length].range()
    return `${text.slice(0, r.start.index + 1)}\n${open}${text.slice(r.start.index + 1, r.end.index - 1)}${close}\n${text.slice(r.end.index - 1)}`
  }
}

/** Puts a block comment right after one token (not after a line comment, which runs to the line's end). */
const commentBetweenTokens: Mutation = (text, pick) => {
  const leaves = parseGo(text).root().findAll({ rule: { pattern: '$X' } }).filter((n) => n.children().length === 0 && n.kind() !== 'comment')
  if (leaves.length === 0) return text
  const at = leaves[pick % leaves.length].range().end.index
  return `${text.slice(0, at)} /* note */${text.slice(at)}`
}

/** Ends every line, or every other line, with CRLF: the first is normalised by the runner, the second reaches the engine as it is. */
const crlf: Mutation = (text, pick) => {
  let i = 0
  return text.replace(/\n/g, () => (pick % 2 === 0 || i++ % 2 === 0 ? '\r\n' : '\n'))
}

const MUTATIONS: [string, Mutation][] = [
  ['rename', rename],
  ['block', wrapBody('{', '}')],
  ['closure', wrapBody('func() {', '}()')],
  ['comment', commentBetweenTokens],
  ['crlf', crlf],
]

interface Recorded {
  path: string
  start: number
  end: number
  nodeText: string
  /** The function (declaration, method or literal) holding the node, or the file. */
  scope: { start: number; end: number }
  edits: Edit[]
}

/** The rule, with every fix it reports recorded next to the node it reports. */
function recording(rule: Codemod, into: Recorded[]): Codemod {
  return {
    ...rule,
    check(ctx: RuleContext) {
      rule.check({
        ...ctx,
        report(r: Report) {
          const range = 'range' in r.node && typeof r.node.range === 'function' ? r.node.range() : null
          const start = range ? range.start.index : (r.node as { start: number }).start
          const end = range ? range.end.index : (r.node as { end: number }).end
          // A fix may reach beyond the reported statement (a timer made before the loop, a builder declared beside the string), never beyond its function.
          const block = range
            ? (r.node as { ancestors(): { kind(): string; range(): { start: { index: number }; end: { index: number } } }[] })
                .ancestors()
                .find((a) => a.kind() === 'function_declaration' || a.kind() === 'method_declaration' || a.kind() === 'func_literal')
            : undefined
          const scope = block ? { start: block.range().start.index, end: block.range().end.index } : { start: 0, end: ctx.source.length }
          if (r.fix) into.push({ path: ctx.path, start, end, nodeText: ctx.source.slice(start, end), scope, edits: r.fix.edits })
          ctx.report(r)
        },
      })
    },
  }
}

async function runRule(c: FixtureCase, rule: Codemod, texts: string[]) {
  const version = c.settings.goVersion ?? c.goVersion
  return processPackage(
    c.files.map((f, i) => ({ path: f.path, text: texts[i] })),
    {
      codemods: [rule],
      goVersion: version ? parseGoVersion(version) : undefined,
      applyTiers: new Set(['safe', 'suggest']),
      renameExported: c.settings.renameExported ?? false,
      ruleOptions: c.settings.options ? { [c.rule]: c.settings.options } : {},
    },
  )
}

/** What the runner hands the engine for a file with these bytes: fully CRLF files are normalised. */
function asRead(text: string, n: number) {
  const path = join(scratch, `f${n}.go`)
  writeFileSync(path, text)
  const loaded = loadSourceFile(path)
  if (!loaded.ok) throw new Error(`unreadable mutation: ${loaded.reason}`)
  return loaded.file
}

let serial = 0

describe('fixtures changed in meaning-preserving ways', () => {
  for (const rule of codemods) {
    const mine = cases.filter((c) => c.rule === rule.meta.id)
    if (mine.length === 0) continue
    it(rule.meta.id, async () => {
      let analysed = 0
      await fc.assert(
        fc.asyncProperty(
          fc.nat(mine.length - 1),
          fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(1000)), { minLength: 1, maxLength: 3 }),
          async (which, steps) => {
            const c = mine[which]
            const mutated = c.files.map((f) => steps.reduce((t, [m, pick]) => MUTATIONS[m][1](t, pick), f.input))
            // A mutation must keep the file parsing; one that does not says nothing about the rule.
            if (mutated.some((t) => firstSyntaxError(parseGo(t).root()))) return
            analysed++
            const read = mutated.map((t) => asRead(t, serial++))
            const fixes: Recorded[] = []
            const results = await runRule(c, recording(rule, fixes), read.map((f) => f.text))
            for (const r of results) {
              expect(r.skipped, `${r.path} must be analysed`).toBeUndefined()
              expect(r.errors, `${r.path}: no rule may break the code`).toEqual([])
              expect(firstSyntaxError(parseGo(r.output).root()), `${r.path}: the output must parse`).toBeNull()
            }
            // Every edit lies inside the function around the node it fixes, or renames that node's name elsewhere.
            for (const fix of fixes) {
              for (const e of fix.edits) {
                const inside = (e.path ?? fix.path) === fix.path && fix.scope.start <= e.start && e.end <= fix.scope.end
                const source = read[c.files.findIndex((f) => f.path === (e.path ?? fix.path))]?.text ?? ''
                const renames = /^[A-Za-z_]\w*$/.test(fix.nodeText) && source.slice(e.start, e.end) === fix.nodeText
                expect(inside || renames, `${rule.meta.id} edits ${JSON.stringify(source.slice(e.start, e.end))} outside ${JSON.stringify(fix.nodeText)}`).toBe(true)
              }
            }
            const again = await runRule(c, rule, results.map((r) => r.output))
            again.forEach((r, i) => expect(r.output, `a second run over ${r.path} changes nothing`).toBe(results[i].output))
            // What is written keeps the file's own line endings.
            read.forEach((f, i) => {
              const written = restoreText(f, results[i].output)
              if (f.crlf) expect(written.replace(/\r\n/g, '')).not.toContain('\n')
            })
          },
        ),
        { numRuns: RUNS_PER_RULE, seed: Number(process.env.GUIDEFIX_PROPERTY_SEED ?? 20261202) },
      )
      // Mutations that break the syntax are passed over; most must not, or the property tests little.
      expect(analysed, 'mutated fixtures that still parse').toBeGreaterThan(RUNS_PER_RULE / 2)
    })
  }
})
