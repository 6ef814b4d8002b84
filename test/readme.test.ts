import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../dist/src/codemod/loader.js'
import { renderRulesMarkdown } from '../dist/src/report/catalog.js'
import { withEngineChecks } from '../dist/src/codemod/engine-checks.js'

describe('README', () => {
  it('lists exactly the rules of the catalog and the engine\'s own checks (npm run docs rewrites the table)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1]
    const codemods = await loadCodemods(builtinCodemodDirs())
    expect(table).toBe(renderRulesMarkdown(withEngineChecks(codemods)))
  })
})
