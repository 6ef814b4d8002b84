import type { CodemodModule } from '../../src/codemod/types.js'
import { field } from '../../src/gosyntax/nodes.js'
import { initialismsWith, leadingInitialism } from '../lib/initialisms.js'
import { listOption, wordList } from '../lib/options.js'

/**
 * Matches an interface type named with a leading I:
 *
 *	type IUserStore interface { … }      →  type UserStore interface { … }
 *	type IReader interface { Read(…) }   →  type Reader interface { … }
 *
 * Names that start with an initialism beginning with I are left alone
 * (IDGenerator, IPResolver, IOWriter, ICMPConn): the list is in
 * codemods/lib/initialisms.ts and the `allowInitialisms` option extends it.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'interface-i-prefix',
    section: '§3',
    tier: 'detect',
    message: 'interface name starts with an I prefix; name it for what it does (UserStore, or an -er name such as Reader)',
    rationale:
      'Go names an interface by its behaviour, and a one-method interface after its method plus -er (Reader, Stringer). An I prefix is a habit from languages where interfaces and classes must be told apart by name; in Go a caller never needs to know whether a type is an interface, and the prefix only adds noise at every use.',
    useInstead: 'type UserStore interface { … }, or type Loader interface { Load(…) } for a single method',
    examples: [{ bad: 'type IUserStore interface {\n\tGet(id string) (string, error)\n}' }],
  },
  defaultOptions: { allowInitialisms: [] },
  validateOptions: (options) => wordList(options, 'allowInitialisms'),
  // `IName interface` (or `IName[T any] interface`), in a type declaration or a group.
  prefilter: [/\bI[A-Z]\w*(\[[^\]\n]*\])?\s+interface\s*\{/],
  matchers: {
    specs: { kind: 'type_spec', all: [{ has: { field: 'name', regex: '^I[A-Z]' } }, { has: { field: 'type', kind: 'interface_type' } }] },
  },
  check(ctx) {
    const initialisms = initialismsWith(listOption(ctx.options, 'allowInitialisms'))
    for (const spec of ctx.matches('specs')) {
      const nameNode = field(spec, 'name')!
      const name = nameNode.text()
      if (leadingInitialism(name, initialisms)) continue
      const stem = name.slice(1)
      const taken = ctx.pkg.isDeclared(stem) ? ` (${stem} is taken in this package: pick another name)` : ''
      ctx.report({ node: nameNode, message: `interface ${name} has an I prefix; name it for its behaviour, e.g. ${stem}${taken}` })
    }
  },
}

export default codemod
