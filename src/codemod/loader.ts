import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { codemodFromYaml } from './yaml-codemod.js'
import type { YamlCodemod } from './schema.js'
import { ENGINE_CHECKS } from './engine-checks.js'
import type { Codemod, CodemodModule } from './types.js'

/** A codemod file that cannot be used; the message names the file, the field and the reason. */
export class CodemodLoadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`)
  }
}

const here = fileURLToPath(new URL('.', import.meta.url))
/** The YAML codemods' sources; the build validates them into YAML_CATALOG. */
export const BUILTIN_YAML_DIR = resolve(here, '../../../codemods')
/** The compiled TypeScript codemods, and the built YAML catalog beside them. */
export const BUILTIN_JS_DIR = resolve(here, '../../codemods')
export const YAML_CATALOG = join(BUILTIN_JS_DIR, 'yaml-catalog.json')

/** An entry of the built catalog: a YAML codemod validated at build time. */
export interface CatalogEntry {
  file: string
  doc: YamlCodemod
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'lib' && !entry.name.startsWith('.')) out.push(...walk(full))
    } else out.push(full)
  }
  return out
}

/** Reads and validates a YAML codemod. The YAML parser and the schema load only when one is read. */
export async function readYamlCodemod(file: string, displayName = file): Promise<YamlCodemod> {
  const [{ parse: parseYaml }, { describeIssue, yamlCodemodSchema }] = await Promise.all([import('yaml'), import('./schema.js')])
  let doc: unknown
  try {
    doc = parseYaml(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new CodemodLoadError(displayName, `not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const parsed = yamlCodemodSchema.safeParse(doc)
  if (!parsed.success) throw new CodemodLoadError(displayName, describeIssue(parsed.error))
  const { yamlCodemodProblem } = await import('./validate-yaml.js')
  const problem = yamlCodemodProblem(parsed.data)
  if (problem) throw new CodemodLoadError(displayName, problem)
  return parsed.data
}

export async function loadYamlCodemod(file: string, displayName = file): Promise<CodemodModule> {
  return codemodFromYaml(await readYamlCodemod(file, displayName), displayName)
}

/** Built-in rules are checked by the build and the test suite, so their metadata is not validated again at every start. */
export async function loadScriptCodemod(file: string, displayName = file, trusted = false): Promise<CodemodModule> {
  let mod: Record<string, unknown>
  try {
    mod = await import(pathToFileURL(file).href)
  } catch (e) {
    throw new CodemodLoadError(displayName, `cannot be imported: ${(e as Error).message.split('\n')[0]}`)
  }
  const codemod = (mod.default ?? mod.codemod) as CodemodModule | undefined
  if (!codemod || typeof codemod !== 'object') throw new CodemodLoadError(displayName, 'default export: must be a codemod object ({ meta, check })')
  if (!trusted) {
    const { describeIssue, metaSchema } = await import('./schema.js')
    const meta = metaSchema.safeParse(codemod.meta)
    if (!meta.success) throw new CodemodLoadError(displayName, `meta.${describeIssue(meta.error)}`)
  }
  if (typeof codemod.check !== 'function') throw new CodemodLoadError(displayName, 'check: must be a function (ctx) => void')
  const validTest = (p: unknown) => typeof p === 'string' || p instanceof RegExp || typeof p === 'function'
  if (codemod.prefilter !== undefined && (!Array.isArray(codemod.prefilter) || !codemod.prefilter.every(validTest))) {
    throw new CodemodLoadError(displayName, 'prefilter: must be a list of strings, regular expressions or functions')
  }
  return { ...codemod, meta: { ...codemod.meta, source: { kind: 'ts', file: displayName } } }
}

const SCRIPT_EXT = /\.(js|mjs)$/
const YAML_EXT = /\.ya?ml$/

/** Loads every codemod below the given folders; ids must be unique across them. */
export async function loadCodemods(dirs: readonly string[], base = process.cwd()): Promise<Codemod[]> {
  const modules: CodemodModule[] = []
  const external = new Set<CodemodModule>()
  for (const dir of dirs) {
    let files: string[]
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a directory')
      files = walk(dir)
    } catch (e) {
      throw new CodemodLoadError(dir, `cannot read codemod folder: ${(e as Error).message}`)
    }
    const builtin = dir === BUILTIN_JS_DIR
    if (builtin) {
      if (existsSync(YAML_CATALOG)) {
        const entries = JSON.parse(readFileSync(YAML_CATALOG, 'utf8')) as CatalogEntry[]
        for (const e of entries) modules.push(codemodFromYaml(e.doc, e.file))
      } else {
        for (const file of walk(BUILTIN_YAML_DIR)) if (YAML_EXT.test(file)) modules.push(await loadYamlCodemod(file, relative(resolve(BUILTIN_YAML_DIR, '..'), file)))
      }
    }
    for (const file of files) {
      // Built-in TypeScript rules are named by their source file, not the compiled one.
      const display = builtin ? `codemods/${relative(BUILTIN_JS_DIR, file).replace(/\.js$/, '.ts')}` : relative(base, file) || file
      let loaded: CodemodModule | undefined
      if (YAML_EXT.test(file)) loaded = await loadYamlCodemod(file, display)
      else if (SCRIPT_EXT.test(file) && !file.endsWith('.d.ts')) loaded = await loadScriptCodemod(file, display, builtin)
      if (!loaded) continue
      modules.push(loaded)
      if (!builtin) external.add(loaded)
    }
  }
  const seen = new Map<string, string>(ENGINE_CHECKS.map((c) => [c.meta.id, 'guidefix itself (--report-unused-ignores)']))
  for (const m of modules) {
    const prev = seen.get(m.meta.id)
    if (prev) throw new CodemodLoadError(m.meta.source?.file ?? '?', `id: "${m.meta.id}" is already defined by ${prev}`)
    seen.set(m.meta.id, m.meta.source?.file ?? '?')
  }
  return modules.map((m, order) => ({ ...m, order, ...(external.has(m) && { external: true }) }))
}

/** The built-in catalog: compiled TypeScript and the built YAML catalog, in dist/codemods/. */
export function builtinCodemodDirs(): string[] {
  return [BUILTIN_JS_DIR]
}
