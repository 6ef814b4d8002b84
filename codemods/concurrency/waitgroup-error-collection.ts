import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { importPathOfName } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { lookupLocal, type Decl } from '../../src/gosyntax/scope.js'
import { contains } from '../lib/loops.js'

/**
 * Matches a goroutine that signals a sync.WaitGroup and stores an error in
 * a variable of the function that started it:
 *
 *	var wg sync.WaitGroup
 *	var mu sync.Mutex
 *	var errs []error
 *	for _, id := range ids {
 *		wg.Add(1)
 *		go func() {                                  ← reported
 *			defer wg.Done()
 *			if err := work(id); err != nil {
 *				mu.Lock()
 *				errs = append(errs, err)
 *				mu.Unlock()
 *			}
 *		}()
 *	}
 *
 * Also `firstErr = err` (a variable declared `error`) and `errs[i] = err`
 * (a `[]error`). Left alone: WaitGroups whose goroutines report nothing
 * back, or hand back results that are not errors.
 */
const codemod: CodemodModule = {
  meta: {
    id: 'waitgroup-error-collection',
    section: '§5',
    tier: 'detect',
    message: 'goroutines of a sync.WaitGroup collect errors by hand; errgroup returns the first one and cancels the others',
    rationale:
      'Collecting errors from WaitGroup goroutines takes a shared variable, a mutex, and care at every step; even then the other goroutines keep running after the first failure, nothing cancels them, and nothing bounds how many run. errgroup.WithContext gives all of that: Wait returns the first error and the context it made is cancelled as soon as one goroutine fails.',
    useInstead: 'g, ctx := errgroup.WithContext(ctx), g.SetLimit(n), g.Go(func() error { … }) per task, and return g.Wait().',
    examples: [
      {
        bad: 'var wg sync.WaitGroup\nvar mu sync.Mutex\nvar errs []error\nfor _, id := range ids {\n\twg.Add(1)\n\tgo func(id string) {\n\t\tdefer wg.Done()\n\t\tif err := work(id); err != nil {\n\t\t\tmu.Lock()\n\t\t\terrs = append(errs, err)\n\t\t\tmu.Unlock()\n\t\t}\n\t}(id)\n}\nwg.Wait()',
      },
    ],
  },
  prefilter: [(source) => source.includes('WaitGroup') && source.includes('error')],
  matchers: {
    goroutines: {
      kind: 'go_statement',
      has: { kind: 'call_expression', has: { field: 'function', kind: 'func_literal', has: { kind: 'block', has: { kind: 'call_expression', stopBy: 'end', regex: '\\.Done\\(\\)$' } } } },
    },
  },
  check(ctx) {
    for (const stmt of ctx.matches('goroutines')) checkGoroutine(ctx, stmt)
  },
}

function checkGoroutine(ctx: RuleContext, stmt: SgNode): void {
  const lit = field(namedChildren(stmt)[0], 'function')!
  const body = field(lit, 'body')!
  const done = body.findAll({ rule: { kind: 'call_expression', regex: '\\.Done\\(\\)$' } }).some((call) => {
    const fn = field(call, 'function')
    const wg = fn && field(fn, 'operand')
    return wg?.kind() === 'identifier' && isWaitGroup(ctx, lookupLocal(wg, wg.text()), lit)
  })
  if (!done) return
  for (const assign of body.findAll({ rule: { kind: 'assignment_statement' } })) {
    for (const target of namedChildren(field(assign, 'left')!)) {
      let root = target
      while (root.kind() === 'index_expression' || root.kind() === 'parenthesized_expression') root = namedChildren(root)[0]
      if (root.kind() !== 'identifier') continue
      const decl = lookupLocal(root, root.text())
      if (!decl || contains(lit, decl.ident) || !holdsErrors(decl)) continue
      ctx.report({ node: stmt, message: `this goroutine signals a sync.WaitGroup and stores an error in ${root.text()} by hand; errgroup.WithContext returns the first error and cancels the other goroutines (§5)` })
      return
    }
  }
}

/** A variable declared outside the goroutine as a sync.WaitGroup (value, pointer, or parameter). */
function isWaitGroup(ctx: RuleContext, decl: Decl | null, lit: SgNode): boolean {
  if (!decl || contains(lit, decl.ident)) return false
  const text = `${decl.type ?? ''} ${decl.value?.text() ?? ''}`
  const m = /\b([A-Za-z_][A-Za-z0-9_]*)\.WaitGroup\b/.exec(text)
  return !!m && importPathOfName(ctx.pkg, ctx.path, m[1]) === 'sync'
}

/** Declared as `error` or `[]error`, or made as `make([]error, …)` / `[]error{…}`. */
function holdsErrors(decl: Decl): boolean {
  const type = decl.type?.replace(/\s+/g, '')
  if (type === 'error' || type === '[]error') return true
  const value = decl.value?.text().replace(/\s+/g, '') ?? ''
  return /^(make\(\[\]error[,)]|\[\]error\{)/.test(value)
}

export default codemod
