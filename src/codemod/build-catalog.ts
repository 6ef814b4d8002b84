/**
 * Build step: validates the built-in YAML codemods once and writes them as
 * JSON beside the compiled TypeScript ones, so that starting guidefix needs
 * neither the YAML parser nor the schema library.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { BUILTIN_YAML_DIR, readYamlCodemod, YAML_CATALOG, type CatalogEntry } from './loader.js'

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
}

const root = resolve(BUILTIN_YAML_DIR, '..')
const entries: CatalogEntry[] = []
for (const file of yamlFiles(BUILTIN_YAML_DIR)) {
  const display = relative(root, file)
  entries.push({ file: display, doc: await readYamlCodemod(file, display) })
}
writeFileSync(YAML_CATALOG, JSON.stringify(entries))
