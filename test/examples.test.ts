import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../dist/src/codemod/loader.js'
import { processPackage } from '../dist/src/engine/engine.js'
import { firstSyntaxError, parseGo } from '../dist/src/gosyntax/parse.js'
import { parseGoVersion } from '../dist/src/engine/go-version.js'

const codemods = await loadCodemods(builtinCodemodDirs())

/** An example is a whole file, statements (wrapped in a function) or declarations (at top level). */
function asFile(example: string): string {
  if (/^\s*package\s/.test(example)) return example
  const inFunc = `package p\n\nfunc _() {\n${example}\n}\n`
  if (!firstSyntaxError(parseGo(inFunc).root())) return inFunc
  return `package p\n\n${example}\n`
}

describe('every rule reports its own examples', () => {
  for (const c of codemods) {
    it(c.meta.id, async () => {
      for (const ex of c.meta.examples) {
        const text = asFile(ex.bad)
        expect(firstSyntaxError(parseGo(text).root()), `example of ${c.meta.id} must parse:\n${text}`).toBeNull()
        const newest = c.meta.goVersion?.max ? undefined : parseGoVersion('1.26')
        const [result] = await processPackage([{ path: 'example.go', text }], { codemods: [c], goVersion: newest, applyTiers: new Set() })
        expect(result.findings.filter((f) => f.ruleId === c.meta.id).length, `${c.meta.id} must report:\n${text}`).toBeGreaterThan(0)
      }
    })
  }
})
