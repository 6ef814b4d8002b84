import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EOF_COMPARED, goModule } from './helpers/cli.js'
import { builtinCodemodDirs, loadCodemods } from '../dist/src/codemod/loader.js'
import { renderRulesMarkdown } from '../dist/src/report/catalog.js'
import { withEngineChecks } from '../dist/src/codemod/engine-checks.js'

const README = new URL('../README.md', import.meta.url)
const INDEX = new URL('../dist/src/index.js', import.meta.url).href

/** The JavaScript blocks of a README section. */
function scriptsOf(section: string): string[] {
  const text = readFileSync(README, 'utf8')
  const body = text.slice(text.indexOf(`## ${section}\n`)).split(/\n## /)[0]
  return [...body.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
}

describe('README', () => {
  it('runs its scan example as written', () => {
    const example = scriptsOf('From a script').find((s) => s.includes('await scan('))
    expect(example).toBeDefined()
    const dir = goModule({ 'services/store.go': EOF_COMPARED })
    writeFileSync(join(dir, 'example.mjs'), example!.replace(`from 'guidefix'`, `from '${INDEX}'`))
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^services\/store\.go:6 error-is .*\n1 fixes would be applied\n$/)
  })

  it('runs its loadCodemods example as written, with a rule a team wrote', () => {
    const example = scriptsOf('From a script').find((s) => s.includes('await loadCodemods('))
    expect(example).toBeDefined()
    const rule = 'id: compare-equal\nlanguage: go\nmessage: compare strings with ==\nrule: { pattern: "strings.Compare($A, $B) == 0" }\nguidefix:\n  section: "§4"\n  tier: detect\n  rationale: an operator says it plainly\n  examples:\n    - bad: \'ok := strings.Compare(a, b) == 0\'\n'
    const store = EOF_COMPARED.replace('return err == io.EOF', 'return err == io.EOF || strings.Compare("a", "b") == 0').replace('import "io"', 'import (\n\t"io"\n\t"strings"\n)')
    const dir = goModule({ 'store.go': store, 'rules/compare.yml': rule })
    writeFileSync(join(dir, 'example.mjs'), example!.replace(`from 'guidefix'`, `from '${INDEX}'`))
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('9 error-is\n9 compare-equal\n')
  })

  it('lists exactly the rules of the catalog and the engine\'s own checks (npm run docs rewrites the table)', async () => {
    const readme = readFileSync(README, 'utf8')
    const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1]
    const codemods = await loadCodemods(builtinCodemodDirs())
    expect(table).toBe(renderRulesMarkdown(withEngineChecks(codemods)))
  })
})
