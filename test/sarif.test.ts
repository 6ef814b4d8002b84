import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { copyExample, guidefix } from './helpers/cli.js'

const schema = JSON.parse(readFileSync(new URL('./data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'))
// The schema's language pattern is not valid as a Unicode regular expression.
const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema)

interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }
  insertedContent: { text: string }
}
interface Result {
  ruleId: string
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]
  fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[] }[]
  properties: { fixed: boolean }
}

/** Applies whole-line replacements, last first, as a SARIF viewer would. */
function apply(text: string, replacements: Replacement[]): string {
  const lines = text.split('\n').map((l) => l + '\n')
  for (const r of [...replacements].sort((a, b) => b.deletedRegion.startLine - a.deletedRegion.startLine)) {
    const { startLine, endLine } = r.deletedRegion
    lines.splice(startLine - 1, endLine - startLine, ...(r.insertedContent.text ? [r.insertedContent.text] : []))
  }
  return lines.join('').slice(0, -1)
}

describe('--format sarif', () => {
  const dir = copyExample()
  const sarif = JSON.parse(guidefix(['--format', 'sarif', '--unsafe', '.'], dir).stdout)
  const results: Result[] = sarif.runs[0].results

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(sarif) ? '' : JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe('')
  })

  it('keeps within code scanning limits: a rule id, one location, 1-based lines and columns', () => {
    for (const r of results) {
      expect(r.ruleId).toMatch(/^[a-z-]+$/)
      expect(r.locations).toHaveLength(1)
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1)
      expect(r.locations[0].physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1)
    }
  })

  it('describes every rule with help text and Markdown built from its documentation', () => {
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(rule.help.text).toContain('What it does')
      expect(rule.help.markdown).toMatch(/\*\*Why\*\*/)
    }
  })

  it("gives each fixed finding a fix; all of a file's fixes together make what --write writes", () => {
    const fixed = results.filter((r) => r.properties.fixed)
    expect(fixed.length).toBeGreaterThan(0)
    expect(fixed.every((r) => r.fixes?.length === 1)).toBe(true)
    expect(results.filter((r) => !r.properties.fixed).every((r) => r.fixes === undefined)).toBe(true)
    const byFile = new Map<string, Map<string, Replacement>>()
    for (const r of fixed) {
      for (const change of r.fixes![0].artifactChanges) {
        const m = byFile.get(change.artifactLocation.uri) ?? new Map()
        for (const rep of change.replacements) m.set(JSON.stringify(rep), rep)
        byFile.set(change.artifactLocation.uri, m)
      }
    }
    const before = new Map([...byFile.keys()].map((uri) => [uri, readFileSync(join(dir, uri), 'utf8')]))
    expect(guidefix(['--write', '--unsafe', '--allow-dirty', '.'], dir).status).not.toBe(2)
    for (const [uri, reps] of byFile) expect(apply(before.get(uri)!, [...reps.values()]), uri).toBe(readFileSync(join(dir, uri), 'utf8'))
  })
})
