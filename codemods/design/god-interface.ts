import type { CodemodModule } from '../../src/codemod/types.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { wholeNumber } from '../lib/options.js'

/**
 * Matches an interface type that declares more methods than `maxMethods`
 * (5 unless configured):
 *
 *	type UserRepository interface {      →  type UserGetter interface { GetUser(…) }
 *		GetUser(…)                           type OrderLister interface { ListOrders(…) }
 *		CreateUser(…)                        …, each defined where it is used
 *		…                                    (and embedded where a caller needs several)
 *		SendWelcomeEmail(…)
 *	}
 *
 * Only methods written in the interface count: an interface that embeds
 * others (`io.ReadWriteCloser`) is composed from small ones already.
 * Type constraints (interfaces of types, `~int | ~string`) have no methods.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'god-interface',
    section: '§6',
    tier: 'detect',
    message: 'interface declares more methods than a consumer needs; split it into small interfaces defined where they are used',
    rationale:
      'Every implementation and every test double of an interface must provide all its methods, so a large interface makes mocks long, ties unrelated concerns together and lets changes in one ripple into all users. Small interfaces, declared by the code that consumes them, say exactly what each caller needs.',
    useInstead: 'type UserGetter interface { GetUser(ctx context.Context, id string) (*User, error) }, embedded into larger ones where a caller needs several',
    examples: [
      {
        bad: 'type Store interface {\n\tGet(k string) string\n\tPut(k, v string)\n\tDelete(k string)\n\tList() []string\n\tSendEmail(to string) error\n\tTrack(event string)\n}',
      },
    ],
  },
  defaultOptions: { maxMethods: 5 },
  validateOptions: (options) => wholeNumber(options, 'maxMethods', 1),
  // An interface type with a body of several lines.
  prefilter: [/\binterface\s*\{[ \t]*(\/\/.*)?$/m],
  matchers: { interfaces: { kind: 'interface_type', has: { kind: 'method_elem' } } },
  check(ctx) {
    const max = typeof ctx.options.maxMethods === 'number' ? ctx.options.maxMethods : 5
    for (const iface of ctx.matches('interfaces')) {
      const methods = namedChildren(iface).filter((c) => c.kind() === 'method_elem').length
      if (methods <= max) continue
      const spec = iface.parent()
      const nameNode = spec?.kind() === 'type_spec' ? field(spec, 'name') : null
      const what = nameNode ? `interface ${nameNode.text()}` : 'this interface'
      ctx.report({
        node: nameNode ?? iface,
        message: `${what} declares ${methods} methods (more than ${max}); split it into small interfaces, each defined where it is used`,
      })
    }
  },
}

export default codemod
