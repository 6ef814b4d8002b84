import type { YamlCodemod } from './schema.js'
import { parseGo } from '../gosyntax/parse.js'

const METAVAR = /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g

/** Every pattern text of a rule tree: `pattern: text` and `pattern: { context }`, wherever they sit. */
function patternsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) patternsOf(v, out)
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'pattern' && typeof v === 'string') out.push(v)
      else if (key === 'pattern' && v && typeof v === 'object' && typeof (v as { context?: unknown }).context === 'string') out.push((v as { context: string }).context)
      else patternsOf(v, out)
    }
  }
  return out
}

/**
 * Whether a pattern parses as ast-grep reads it: metavariables become
 * identifiers (ast-grep writes `$` as `µ` for Go), and the pattern is the
 * node found by going down through single children from the root, so a
 * lone expression the grammar wraps in an ERROR at the top level (`$X`,
 * `context.Context`) is fine, while one with an ERROR inside is not.
 */
function patternParses(pattern: string): boolean {
  let node = parseGo(pattern.replaceAll('$', 'µ')).root()
  for (let children = node.children(); children.length === 1; children = node.children()) node = children[0]
  return node.kind() !== 'ERROR' && node.find({ rule: { kind: 'ERROR' } }) === null
}

function metavariables(text: string): string[] {
  return [...text.matchAll(METAVAR)].map((m) => m[1] ?? m[2])
}

/**
 * What is wrong with a YAML codemod beyond its schema, or null: a pattern
 * that is not Go (ast-grep would silently match nothing), or a fix that uses
 * a metavariable no pattern or transform defines (it would expand to nothing).
 */
export function yamlCodemodProblem(doc: YamlCodemod): string | null {
  const patterns = patternsOf([doc.rule, doc.utils ?? {}, doc.constraints ?? {}])
  for (const p of patterns) {
    if (!patternParses(p)) return `rule: the pattern ${JSON.stringify(p)} is not Go code that parses, so it would match nothing`
  }
  const template = doc.fix === undefined ? undefined : typeof doc.fix === 'string' ? doc.fix : doc.fix.template
  if (template !== undefined) {
    const defined = new Set([...patterns.flatMap(metavariables), ...Object.keys(doc.transform ?? {})])
    const missing = [...new Set(metavariables(template))].filter((m) => m !== '_' && !defined.has(m))
    if (missing.length > 0) return `fix: ${missing.map((m) => `$${m}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not defined by any pattern or transform of the rule`
  }
  return null
}
