import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, isExported } from '../../src/gosyntax/nodes.js'
import { initialismsWith, wordsOf } from '../lib/initialisms.js'
import { listOption, wordList } from '../lib/options.js'

/**
 * Matches two kinds of type names that repeat what the reader already knows:
 *
 *	type UserStruct struct{ … }           →  type User struct{ … }
 *	type OrderData struct{ … }            →  type Order struct{ … }
 *	type ConfigObject struct{ … }         →  type Config struct{ … }
 *
 * (a struct named for being a struct, outside test files), and an exported type whose name
 * starts with its package's name, so that callers write it twice:
 *
 *	package user; type UserService struct{ … }   (user.UserService)   →  user.Service
 *
 * Names are split into words with the initialisms of codemods/lib/initialisms.ts
 * (extended by the `allowInitialisms` option), so `Metadata`, `user.User`,
 * `u.UUIDSet` and `http.HTTPSProxy`-like names that do not repeat are left alone.
 */

const SUFFIXES = new Set(['Struct', 'Data', 'Object'])

const codemod: CodemodModule = {
  meta: {
    id: 'type-name-suffix',
    section: '§3',
    tier: 'detect',
    message: 'type name repeats what the reader already knows (a Struct/Data/Object suffix, or the package name)',
    rationale:
      'A type name is read together with its kind and its package. UserStruct tells nothing that `struct` does not, and UserData or UserObject only make User longer; user.UserService says user twice at every use outside the package. Short names that lean on the package read better: user.Service, http.Client.',
    useInstead: 'type User struct{ … }; in package user, type Service struct{ … } (used as user.Service)',
    examples: [{ bad: 'type UserStruct struct {\n\tName string\n}' }, { bad: 'package order\n\ntype OrderService struct{}\n' }],
  },
  defaultOptions: { allowInitialisms: [] },
  validateOptions: (options) => wordList(options, 'allowInitialisms'),
  prefilter: [/[a-z0-9](Struct|Data|Object)(\[[^\]\n]*\])?\s+struct\b/, stutterPossible],
  matchers: { specs: { kind: 'type_spec' } },
  check(ctx) {
    const initialisms = initialismsWith(listOption(ctx.options, 'allowInitialisms'))
    const pkgName = /^package\s+([A-Za-z_]\w*)/m.exec(ctx.source)?.[1] ?? ''
    const checkStutter = pkgName !== 'main' && !pkgName.endsWith('_test')
    for (const spec of ctx.matches('specs')) {
      const nameNode = field(spec, 'name')
      if (!nameNode) continue
      const name = nameNode.text()
      const words = wordsOf(name, initialisms)
      const last = words[words.length - 1]
      // Test files name throwaway structs for what they are (testStruct): only code that ships is held to it.
      if (words.length > 1 && SUFFIXES.has(last) && !ctx.isTest && field(spec, 'type')?.kind() === 'struct_type') {
        report(ctx, nameNode, `struct ${name} is named for being a struct; call it ${words.slice(0, -1).join('')}`)
      } else if (checkStutter && isExported(name)) {
        const rest = afterPackageName(words, pkgName)
        if (rest) report(ctx, nameNode, `${pkgName}.${name} repeats the package name; callers would write ${pkgName}.${rest}`)
      }
    }
  },
}

function report(ctx: RuleContext, node: SgNode, message: string): void {
  ctx.report({ node, message })
}

/** What is left of the name after leading words that spell the package name, or null. */
function afterPackageName(words: string[], pkgName: string): string | null {
  let spelled = ''
  for (let i = 0; i < words.length - 1; i++) {
    spelled += words[i].toLowerCase()
    if (spelled === pkgName.toLowerCase()) return words.slice(i + 1).join('')
    if (!pkgName.toLowerCase().startsWith(spelled)) return null
  }
  return null
}

/** A line that may declare an exported type starting with the package's name (`UserService` in package user). */
function stutterPossible(source: string): boolean {
  const pkgName = /^package\s+([A-Za-z_]\w*)/m.exec(source)?.[1]
  if (!pkgName || pkgName === 'main' || pkgName.endsWith('_test')) return false
  const spelled = [...pkgName].map((c, i) => (i === 0 ? c.toUpperCase() : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('')
  return new RegExp(`^\\s*(type\\s+)?${spelled}[A-Z0-9]\\w*(\\[[^\\]\\n]*\\])?\\s+[\\w*\\[(]`, 'm').test(source)
}

export default codemod
