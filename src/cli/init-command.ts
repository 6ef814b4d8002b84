import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { builtinCodemodDirs, loadCodemods } from '../codemod/loader.js'
import { CONFIG_FILE } from '../config/config.js'
import { renderStarterConfig } from '../config/starter.js'
import { sortedCatalog } from '../report/catalog.js'
import { UsageError } from './exit.js'

/** `guidefix init [dir]`: writes a commented starter configuration; never overwrites one. */
export async function initConfig(dir: string, extraDirs: string[]): Promise<string> {
  const file = join(resolve(dir), CONFIG_FILE)
  if (existsSync(file)) throw new UsageError(`${CONFIG_FILE} already exists in ${dir}; remove it first to start from a new one`)
  const codemods = await loadCodemods([...builtinCodemodDirs(), ...extraDirs])
  const byId = new Map(codemods.map((c) => [c.meta.id, c]))
  const rules = sortedCatalog(codemods).map((meta) => ({ meta, options: byId.get(meta.id)?.defaultOptions }))
  writeFileSync(file, renderStarterConfig(rules), { flag: 'wx' })
  return `wrote ${join(dir, CONFIG_FILE)} (${rules.length} rules, all enabled)\n`
}
