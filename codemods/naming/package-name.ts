import type { CodemodModule } from '../../src/codemod/types.js'
import { namedChildren } from '../../src/gosyntax/nodes.js'
import { listOption, wordList } from '../lib/options.js'

/**
 * Matches a package clause whose name is not a short lower-case word, or a
 * name that says nothing about what the package holds:
 *
 *	package user_store     →  package userstore (or store)
 *	package userStore      →  package userstore
 *	package utils          →  a package named for what its code does: strutil, retry, …
 *
 * once per package: on the package clause of its first file by path
 * (a file that is not a test when there is one). `main` and external test
 * packages (`foo_test`) are left alone; the `allow` option accepts names a
 * project keeps on purpose.
 */
const GENERIC = new Set(['util', 'utils', 'common', 'helper', 'helpers', 'misc'])

const codemod: CodemodModule = {
  meta: {
    id: 'package-name',
    section: '§2',
    tier: 'detect',
    message: 'package name is not a short lower-case word that says what the package provides',
    rationale:
      'A package name is written at every use (user.Find, strconv.Itoa), so it should be short, lower case and one word, without underscores or capitals. Catch-all names such as utils or common say nothing about what the package provides, attract unrelated code and make imports read badly; naming a package for its purpose keeps it focused.',
    useInstead: 'package userstore (not user_store or userStore); instead of utils, a package per purpose such as strutil or retry',
    examples: [{ bad: 'package user_store\n\nfunc Find() {}\n' }, { bad: 'package utils\n\nfunc Trim() {}\n' }],
  },
  defaultOptions: { allow: [] },
  validateOptions: (options) => wordList(options, 'allow'),
  prefilter: [/^package\s+(\w*_\w*|\w*[A-Z]\w*|utils?|common|helpers?|misc)\s*(\/\/.*)?$/m],
  check(ctx) {
    const clause = namedChildren(ctx.root).find((c) => c.kind() === 'package_clause')
    const nameNode = clause ? namedChildren(clause)[0] : undefined
    const name = nameNode?.text() ?? ''
    if (!nameNode || name === 'main' || name.endsWith('_test') || listOption(ctx.options, 'allow').includes(name)) return
    const problem = problemOf(name)
    if (!problem) return
    // Once per package: only its first file reports.
    const files = ctx.pkg.files.filter((f) => f.packageName === name)
    const sources = files.some((f) => !f.isTest) ? files.filter((f) => !f.isTest) : files
    const first = sources.map((f) => f.path).sort()[0]
    if (first !== undefined && first !== ctx.path) return
    ctx.report({ node: nameNode, message: `package ${name} ${problem}` })
  },
}

function problemOf(name: string): string | null {
  if (GENERIC.has(name)) return 'is a catch-all name; name the package for what its code provides, or move each part next to its users'
  const plain = name.replace(/[_A-Z]/g, (c) => (c === '_' ? '' : c.toLowerCase()))
  if (name.includes('_')) return `has an underscore; package names are one lower-case word, such as ${plain}`
  if (/[A-Z]/.test(name)) return `has capitals; package names are all lower case, such as ${plain}`
  return null
}

export default codemod
