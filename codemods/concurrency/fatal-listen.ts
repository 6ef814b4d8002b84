import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'

/**
 * Matches (detect only) a server whose end is a fatal log call:
 *
 *	log.Fatal(http.ListenAndServe(":8080", mux))
 *	log.Fatalf("serve: %v", srv.ListenAndServeTLS(cert, key))
 *	logrus.Fatal(srv.ListenAndServe())
 *
 * `log` must be the standard log package (or logrus, whose Fatal exits the
 * same way); `http.ListenAndServe` must be net/http's. A method
 * `x.ListenAndServe()` counts whatever x is: handing its result straight to
 * a fatal log exits on every return, a clean shutdown included. Not
 * reported: the result checked first (`if err := srv.ListenAndServe();
 * !errors.Is(err, http.ErrServerClosed) { … }`) and non-fatal logging.
 */
const LOGGERS = new Set(['log', 'github.com/sirupsen/logrus'])

const codemod: CodemodModule = {
  meta: {
    id: 'fatal-listen',
    section: '§8',
    tier: 'detect',
    message: 'the server\'s end is a fatal log call, which exits at once: no graceful shutdown, no deferred cleanup',
    rationale:
      'log.Fatal calls os.Exit, which skips deferred functions and gives in-flight requests no chance to finish. Wrapped around ListenAndServe it also turns the normal result of a shutdown (http.ErrServerClosed) into a crash, so the program cannot be stopped cleanly at all.',
    useInstead:
      'run srv.ListenAndServe() in a goroutine, treat http.ErrServerClosed as success, and on SIGINT/SIGTERM call srv.Shutdown(ctx) with a deadline before returning from main',
    examples: [
      {
        bad: 'import (\n\t"log"\n\t"net/http"\n)\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(":8080", nil))\n}\n',
        good: 'func main() {\n\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\tsrv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 10 * time.Second}\n\tgo func() {\n\t\tif err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlog.Fatal(err)\n\t\t}\n\t}()\n\t<-ctx.Done()\n\tshutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\tdefer cancel()\n\tif err := srv.Shutdown(shutdownCtx); err != nil {\n\t\tlog.Print(err)\n\t}\n}\n',
      },
    ],
  },
  prefilter: [(source) => source.includes('ListenAndServe') && source.includes('Fatal')],
  matchers: {
    calls: {
      kind: 'call_expression',
      all: [
        { has: { field: 'function', kind: 'selector_expression', all: [{ has: { field: 'operand', kind: 'identifier' } }, { has: { field: 'field', regex: '^Fatal(f|ln)?$' } }] } },
        { has: { field: 'arguments', has: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^ListenAndServe(TLS)?$' } } } } },
      ],
    },
  },
  check(ctx) {
    for (const call of ctx.matches('calls')) checkCall(ctx, call)
  },
}

function checkCall(ctx: RuleContext, call: SgNode): void {
  const fn = field(call, 'function')!
  const logger = field(fn, 'operand')!
  if (!packagePathAt(ctx.pkg, ctx.path, logger, (p) => LOGGERS.has(p))) return
  const serve = namedChildren(field(call, 'arguments')!).find((a) => a.kind() === 'call_expression' && /^ListenAndServe(TLS)?$/.test(field(field(a, 'function')!, 'field')?.text() ?? ''))
  if (!serve) return
  const target = field(field(serve, 'function')!, 'operand')
  if (!target) return
  // `http.ListenAndServe(…)` must be net/http's; a method of a value (`srv.ListenAndServe()`) counts whatever the value is.
  if (target.kind() === 'identifier' && ctx.pkg.file(ctx.path)?.imports.some((i) => i.localName === target.text())) {
    const path = packagePathAt(ctx.pkg, ctx.path, target)
    if (path !== undefined && path !== 'net/http') return
  }
  const served = field(serve, 'function')!.text()
  ctx.report({ node: call, message: `the result of ${served} goes straight to ${fn.text()}, which exits the process when the server stops: no graceful shutdown, deferred calls skipped; run the server in a goroutine, treat http.ErrServerClosed as success and call Shutdown on SIGTERM` })
}

export default codemod
