import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import type { PackageDecl, PackageIndex } from '../../src/engine/package-index.js'
import { enclosingNamedFunction, field, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'

/**
 * Matches (detect only) writes to a package-level map from a function that
 * takes no lock:
 *
 *	var cache = map[string]string{}
 *
 *	func remember(k, v string) {
 *		cache[k] = v                 also cache[k]++, cache[k] += v, delete(cache, k), clear(cache)
 *	}
 *
 * Not reported: writes in init() (the map is only read afterwards, which
 * any number of goroutines may do), in a function that calls Lock() or
 * runs the write under a sync.Once (`once.Do(func() { … })`), in _test.go
 * files, to a local variable that shadows the map, and to values that are
 * not maps by their declaration. One finding per map and function, at the
 * first write.
 */
const WRITE = /\]\s*(?:[-+*/%&|^]|<<|>>|&\^)?=[^=]|\]\s*(?:\+\+|--)|\b(?:delete|clear)\(/
/** A package-level (or var-block) declaration of a map, read without parsing. */
const MAP_DECL = /^(?:var\s+|\t)[A-Za-z_]\w*(?:\s+map\[|\s+[A-Za-z_]\w*\s*=\s*[A-Za-z_]\w*\{|\s*=\s*(?:map\[|make\(map\[|[A-Za-z_]\w*\{))/m

const codemod: CodemodModule = {
  meta: {
    id: 'global-map-unsynced',
    section: '§12',
    tier: 'detect',
    message: 'a package-level map is written without a lock; concurrent use crashes the program with "concurrent map writes"',
    rationale:
      'Go maps are not safe for concurrent use: one goroutine writing while another reads or writes is a data race, and the runtime aborts the whole process when it notices. A package-level map is reachable from every goroutine, so a function that writes it is only safe if every caller is known to run alone, which nothing in the code enforces.',
    useInstead: 'guard the map with a sync.RWMutex (Lock for writes, RLock for reads), use sync.Map for write-once/read-many keys, or fill it in init() and only read it afterwards',
    examples: [
      {
        bad: 'var sessions = map[string]int{}\n\nfunc login(user string) {\n\tsessions[user]++\n}\n',
        good: 'var (\n\tsessionsMu sync.Mutex\n\tsessions   = map[string]int{}\n)\n\nfunc login(user string) {\n\tsessionsMu.Lock()\n\tdefer sessionsMu.Unlock()\n\tsessions[user]++\n}\n',
      },
    ],
  },
  prefilter: [(source, pkg) => WRITE.test(source) && pkg.texts.some((t) => MAP_DECL.test(t))],
  matchers: {
    writes: {
      any: [
        { kind: 'assignment_statement', has: { field: 'left', has: { kind: 'index_expression', has: { field: 'operand', kind: 'identifier' } } } },
        { any: [{ kind: 'inc_statement' }, { kind: 'dec_statement' }], has: { kind: 'index_expression', has: { field: 'operand', kind: 'identifier' } } },
        { kind: 'call_expression', all: [{ has: { field: 'function', kind: 'identifier', regex: '^(delete|clear)$' } }, { has: { field: 'arguments', has: { kind: 'identifier' } } }] },
      ],
    },
  },
  check(ctx) {
    if (ctx.isTest) return
    const seen = new Set<string>()
    for (const write of ctx.matches('writes')) {
      for (const target of writtenMaps(write)) {
        const fn = enclosingNamedFunction(write)
        if (!fn || field(fn, 'name')?.text() === 'init') continue
        const key = `${target.text()}@${fn.range().start.index}`
        if (seen.has(key) || !isPackageMap(ctx, target) || synchronised(fn)) continue
        seen.add(key)
        ctx.report({ node: write, message: `package-level map ${target.text()} is written here without a lock; guard it with a sync.Mutex or RWMutex, use sync.Map, or fill it only in init()` })
      }
    }
  },
}

/** The map identifiers a write statement or call changes. */
function writtenMaps(write: SgNode): SgNode[] {
  const kind = write.kind()
  if (kind === 'call_expression') {
    const first = namedChildren(field(write, 'arguments')!)[0]
    return first?.kind() === 'identifier' ? [first] : []
  }
  const targets = kind === 'inc_statement' || kind === 'dec_statement' ? namedChildren(write) : namedChildren(field(write, 'left')!)
  return targets.flatMap((t) => {
    const operand = t.kind() === 'index_expression' ? field(t, 'operand') : null
    return operand?.kind() === 'identifier' ? [operand] : []
  })
}

function isPackageMap(ctx: RuleContext, ident: SgNode): boolean {
  const name = ident.text()
  if (lookupLocal(ident, name)) return false
  const decl = ctx.pkg.decls.get(name)
  return !!decl && decl.kind === 'var' && isMapDecl(ctx.pkg, decl)
}

/** A map by its declared type or by its value (`map[K]V{}`, `make(map[K]V)`, a named map type). */
function isMapDecl(pkg: PackageIndex, decl: PackageDecl): boolean {
  if (decl.type) return isMapType(pkg, decl.type, 0)
  const value = decl.value
  if (!value) return false
  if (value.kind() === 'composite_literal') return isMapType(pkg, field(value, 'type')?.text() ?? '', 0)
  if (value.kind() === 'call_expression' && field(value, 'function')?.text() === 'make') {
    const first = namedChildren(field(value, 'arguments')!)[0]
    return !!first && isMapType(pkg, first.text(), 0)
  }
  return false
}

function isMapType(pkg: PackageIndex, type: string, depth: number): boolean {
  if (type.startsWith('map[')) return true
  const decl = /^[A-Za-z_]\w*$/.test(type) && depth < 3 ? pkg.decls.get(type) : undefined
  if (decl?.kind !== 'type') return false
  const underlying = field(decl.decl, 'type')
  return !!underlying && isMapType(pkg, underlying.text(), depth + 1)
}

/** Whether the function takes a lock or runs code under a sync.Once. */
function synchronised(fn: SgNode): boolean {
  const text = fn.text()
  return /[.](?:R?Lock|TryLock)\(\)/.test(text) || /[.]Do\(\s*func\(/.test(text)
}

export default codemod
