import { builtinCodemodDirs, loadCodemods } from '../codemod/loader.js'
import { withEngineChecks } from '../codemod/engine-checks.js'
import { renderExplain, renderRules, renderRulesMarkdown, sortedCatalog } from '../report/catalog.js'
import { UsageError } from './exit.js'

export async function listRules(extraDirs: string[], format: 'text' | 'json' | 'markdown'): Promise<string> {
  const codemods = withEngineChecks(await loadCodemods([...builtinCodemodDirs(), ...extraDirs]))
  if (format === 'json') return JSON.stringify(sortedCatalog(codemods), null, 2) + '\n'
  if (format === 'markdown') return renderRulesMarkdown(codemods)
  return renderRules(codemods)
}

export async function explainRule(id: string, extraDirs: string[]): Promise<string> {
  const codemods = withEngineChecks(await loadCodemods([...builtinCodemodDirs(), ...extraDirs]))
  const found = codemods.find((c) => c.meta.id === id)
  if (!found) throw new UsageError(`unknown rule "${id}"; valid rules: ${codemods.map((c) => c.meta.id).sort().join(', ')}`)
  return renderExplain(found.meta, found.defaultOptions)
}
