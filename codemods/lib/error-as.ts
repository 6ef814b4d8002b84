import type { SgNode } from '@ast-grep/napi'
import type { RuleContext } from '../../src/codemod/types.js'
import { field } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * What an asserted type is, as far as declarations tell: a concrete type
 * (a valid errors.As target as written), with the expression of its zero
 * value when one can be spelled; or null for interfaces and for types whose
 * kind cannot be known without a type checker (those are left alone).
 */
export interface AssertedType {
  /** The type as written in the assertion (`*T`, `T`, `*pkg.T`, `syscall.Errno`). */
  text: string
  pointer: boolean
  /** An expression of the type's zero value (`(*T)(nil)`, `(T{})`, `syscall.Errno(0)`), or null when unknown. */
  zero: string | null
}

/**
 * Value error types of the standard library (value receiver `Error`), by
 * import path, with the kind of zero value their underlying type takes.
 * Any other `pkg.T` could be an interface (net.Error is one), so it is left alone.
 */
const STDLIB_VALUE_ERRORS: Record<string, Record<string, 'num' | 'string' | 'struct'>> = {
  syscall: { Errno: 'num' },
  net: { UnknownNetworkError: 'string', InvalidAddrError: 'string' },
  'net/url': { EscapeError: 'string', InvalidHostError: 'string' },
  'crypto/x509': {
    UnknownAuthorityError: 'struct',
    HostnameError: 'struct',
    CertificateInvalidError: 'struct',
    ConstraintViolationError: 'struct',
    UnhandledCriticalExtension: 'struct',
    InsecureAlgorithmError: 'num',
  },
  'crypto/tls': { RecordHeaderError: 'struct', AlertError: 'num' },
  'encoding/asn1': { StructuralError: 'struct', SyntaxError: 'struct' },
  'encoding/hex': { InvalidByteError: 'num' },
  'encoding/base64': { CorruptInputError: 'num' },
  'encoding/base32': { CorruptInputError: 'num' },
}

const NUMERIC = /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128))$/

function zeroOf(kind: 'num' | 'string' | 'struct' | 'nil' | 'bool', type: string): string {
  switch (kind) {
    case 'num':
      return `${type}(0)`
    case 'string':
      return `${type}("")`
    case 'bool':
      return `${type}(false)`
    case 'nil':
      return `${type}(nil)`
    case 'struct':
      // A composite literal in an if header needs parentheses.
      return `(${type}{})`
  }
}

/** The declaration of a type name visible at `at`: a local type first, then the package's. */
function typeSpecOf(ctx: RuleContext, at: SgNode, name: string): SgNode | null {
  const local = lookupLocal(at, name)
  if (local) return local.kind === 'type' ? local.decl : null
  const decl = ctx.pkg.decls.get(name)
  return decl?.kind === 'type' ? decl.decl : null
}

/**
 * The zero-value kind of a package type from its declaration, or null when
 * it is an interface, an alias, or defined from a type we cannot see.
 */
function underlyingKind(ctx: RuleContext, at: SgNode, name: string, depth = 0): 'num' | 'string' | 'struct' | 'nil' | 'bool' | null {
  if (depth > 8) return null
  const spec = typeSpecOf(ctx, at, name)
  // An alias (`type A = net.Error`) names a type whose kind lives elsewhere.
  if (!spec || spec.kind() !== 'type_spec') return null
  const under = field(spec, 'type')
  if (!under) return null
  switch (under.kind()) {
    case 'struct_type':
    case 'array_type':
      return 'struct'
    case 'slice_type':
    case 'map_type':
    case 'pointer_type':
    case 'function_type':
    case 'channel_type':
      return 'nil'
    case 'type_identifier': {
      const t = under.text()
      if (NUMERIC.test(t)) return 'num'
      if (t === 'string') return 'string'
      if (t === 'bool') return 'bool'
      if (t === 'error' || t === 'any') return null
      return underlyingKind(ctx, at, t, depth + 1)
    }
    default:
      // interface_type, qualified_type, generic_type, …: an interface or unknown.
      return null
  }
}

/** Classifies the type of an assertion `x.(T)` at `at`; null means "leave it alone". */
export function assertedType(ctx: RuleContext, type: SgNode, at: SgNode): AssertedType | null {
  const text = type.text()
  switch (type.kind()) {
    case 'pointer_type':
      // A pointer type has no methods of an interface, so it is always concrete.
      return { text, pointer: true, zero: `(${text})(nil)` }
    case 'type_identifier':
    case 'generic_type': {
      const base = type.kind() === 'generic_type' ? field(type, 'type')?.text() : text
      if (!base || base === 'error' || base === 'any') return null
      const kind = underlyingKind(ctx, at, base)
      return kind ? { text, pointer: false, zero: zeroOf(kind, text) } : null
    }
    case 'qualified_type': {
      const pkgName = field(type, 'package')?.text()
      const name = field(type, 'name')?.text()
      if (!pkgName || !name) return null
      const imported = ctx.pkg.file(ctx.path)?.imports.find((i) => i.localName === pkgName)
      const kind = imported ? STDLIB_VALUE_ERRORS[imported.path]?.[name] : undefined
      return kind ? { text, pointer: false, zero: zeroOf(kind, text) } : null
    }
    default:
      // interface_type literals and anything unusual.
      return null
  }
}
