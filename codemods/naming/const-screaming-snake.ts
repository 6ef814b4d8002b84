import type { CodemodModule } from '../../src/codemod/types.js'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { isExported, namedChildren } from '../../src/gosyntax/nodes.js'
import { initialismsWith } from '../lib/initialisms.js'
import { listOption, wordList } from '../lib/options.js'
import { planRename } from '../lib/rename.js'

/**
 * Matches package-level constants named in C style and renames them at
 * every use in the package:
 *
 *	const MAX_RETRIES = 3          →  const MaxRetries = 3
 *	const default_timeout = 30     →  const defaultTimeout = 30
 *	const HTTP_PORT = 8080         →  const HTTPPort = 8080   (initialisms stay upper case)
 *
 * Exported names change only with --rename-exported, and only when no
 * other package of the module uses them. Left alone: constants
 * of iota blocks (enumerations mirroring C or protocol names), files that
 * use cgo or are generated, and packages that look like system bindings
 * (importing syscall, golang.org/x/sys or unsafe), whose constants copy
 * the names of the platform's headers.
 */
/** Words joined by underscores; an all-capitals name without one is a run of initialisms (MIMEJSON). */
const SNAKE = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$/
const SYSTEM_IMPORT = /^(syscall|unsafe|C|golang\.org\/x\/sys\/.*)$/

const codemod: CodemodModule = {
  meta: {
    id: 'const-screaming-snake',
    section: '§3',
    tier: 'suggest',
    message: 'constant named in SCREAMING_SNAKE_CASE; Go names constants in MixedCaps like any other name',
    rationale:
      'In Go, capitalisation decides whether a name is exported, so constants follow the same MixedCaps rule as every other identifier: MaxRetries, defaultTimeout. Underscored upper-case names come from C macros; in Go they read as foreign, and they export a constant whether or not that was meant.',
    useInstead: 'const MaxRetries = 3 (maxRetries when the package keeps it to itself)',
    fixSafety:
      'Suggest: the constant is renamed at its declaration and at every use in the package, test files included; the rename is refused (finding only) when the new name is declared or used anywhere in the package, when a local name would shadow it, or in cgo and generated files. Exported constants change only with --rename-exported, and then also at their uses in the external _test package of the directory; other packages are never changed, so the rename is refused (finding only) when a package of the module that imports this one uses the constant (the whole module is searched, not only the paths given; up to three of those places are named), dot-imports the package or has a file that does not parse or cannot be read and may use it, and, except in main packages, when no go.mod tells who imports the package. Packages outside the module are not known.',
    examples: [
      {
        bad: 'const MAX_RETRIES = 3\n\nfunc retries() int { return MAX_RETRIES }',
        good: 'const MaxRetries = 3\n\nfunc retries() int { return MaxRetries }',
      },
    ],
  },
  defaultOptions: { allowInitialisms: [] },
  validateOptions: (options) => wordList(options, 'allowInitialisms'),
  // An underscored name in a const declaration or group.
  prefilter: [/^\s*(const\s+)?[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*(\s+[\w.*[\]]+)?\s*=/m],
  check(ctx) {
    const file = ctx.pkg.file(ctx.path)
    if (!file || file.imports.some((i) => SYSTEM_IMPORT.test(i.path)) || /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(ctx.source)) return
    const initialisms = initialismsWith(listOption(ctx.options, 'allowInitialisms'))
    for (const decl of namedChildren(ctx.root)) {
      if (decl.kind() !== 'const_declaration' || decl.text().includes('iota')) continue
      for (const spec of namedChildren(decl)) {
        if (spec.kind() !== 'const_spec') continue
        for (const ident of spec.fieldChildren('name')) {
          const name = ident.text()
          if (!SNAKE.test(name) || name === '_') continue
          const newName = mixedCaps(name, initialisms)
          if (!newName || newName === name) continue
          const message = `constant ${name} should be named ${newName}`
          if (isExported(name) && !ctx.renameExported) {
            ctx.report({ node: ident, message: `${message} (not fixed: ${name} is exported; --rename-exported renames it when no other package of the module uses it)` })
            continue
          }
          if (systemPackage(ctx.pkg)) {
            ctx.report({ node: ident, message: `${message} (not fixed: the package binds system interfaces, whose names it may copy on purpose)` })
            continue
          }
          const plan = planRename(ctx.pkg, name, newName)
          if (!plan.ok) {
            ctx.report({ node: ident, message: `${message} (not fixed: ${plan.reason})` })
            continue
          }
          const note = isExported(name) ? ' (no other package of the module uses it)' : ''
          ctx.report({ node: ident, message: message + note, fix: { edits: plan.edits } })
        }
      }
    }
  },
}

/** Whether another file of the package imports syscall, unsafe, cgo or x/sys. */
function systemPackage(pkg: PackageIndex): boolean {
  return pkg.files.some((f) => f.imports.some((i) => SYSTEM_IMPORT.test(i.path)))
}

/**
 * MAX_RETRIES → MaxRetries, max_retries → maxRetries, HTTP_PORT → HTTPPort,
 * DEFAULT_API_URL → DefaultAPIURL; the case of the first letter (exported or
 * not) is kept. Null when a part is empty or starts with a digit.
 */
export function mixedCaps(name: string, initialisms: readonly string[]): string | null {
  const parts = name.split('_').filter(Boolean)
  if (parts.length === 0 || parts.some((p, i) => i > 0 && /^[0-9]/.test(p))) return null
  const upper = new Set(initialisms.map((w) => w.toUpperCase()))
  const words = parts.map((p) => (upper.has(p.toUpperCase()) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1).toLowerCase()))
  if (isExported(name)) return words.join('')
  const first = parts[0]
  return (upper.has(first.toUpperCase()) && words.length > 1 ? first.toLowerCase() : first[0].toLowerCase() + first.slice(1).toLowerCase()) + words.slice(1).join('')
}

export default codemod
