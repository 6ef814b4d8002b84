import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule } from '../../src/codemod/types.js'
import { enclosingNamedFunction, field, namedChildren } from '../../src/gosyntax/nodes.js'

/**
 * Matches output written straight to the process's standard streams from a
 * library package, where it stands in for logging:
 *
 *	fmt.Printf("retrying %s: %v\n", url, err)     →  slog.Warn("retrying", "url", url, "error", err)
 *	fmt.Println("cache warmed")                   →  logger.Info("cache warmed")
 *	fmt.Fprintln(os.Stderr, "bad config:", err)   →  logger.Error("bad config", "error", err)
 *
 * Left alone: package main and test files (a program's own output),
 * Fprint* to any other writer (a parameter, a buffer, cmd.OutOrStdout()),
 * code under a cmd/ directory, test-support packages (named …test,
 * …testing or testutil, as net/http/httptest is), and functions whose name
 * says that printing is their job (Print…, Dump…, Usage…, Show…).
 */
const PRINTS = new Set(['Print', 'Printf', 'Println'])
/** Functions that exist to print: their output is the point, not a log line. */
const PRINTING_FUNCTION = /^(Print|print|Dump|dump|Show|show|Usage|usage|Display|display|Example)/

const codemod: CodemodModule = {
  meta: {
    id: 'fmt-print-logging',
    section: '§7',
    tier: 'detect',
    message: 'a library package prints to standard output or error; log through log/slog (or a logger it is given) instead',
    rationale:
      'Text printed with fmt from library code has no level, no time, no structure and no destination the program can choose: it cannot be filtered, searched or turned off, and it mixes with the output of the program that imports the package. A structured logger, passed in or defaulting to slog, lets the application decide what is logged where.',
    useInstead: 'slog.Info("cache warmed", "entries", n), or a *slog.Logger the package receives from its caller',
    examples: [
      { bad: 'import "fmt"\n\nfunc warm(n int) {\n\tfmt.Printf("cache warmed: %d entries\\n", n)\n}' },
      { bad: 'import (\n\t"fmt"\n\t"os"\n)\n\nfunc load(err error) {\n\tfmt.Fprintln(os.Stderr, "bad config:", err)\n}' },
    ],
  },
  prefilter: [/\bfmt\.(Print|Fprint\w*\(\s*os\.Std(out|err)\b)/],
  matchers: {
    calls: {
      kind: 'call_expression',
      has: {
        field: 'function',
        kind: 'selector_expression',
        all: [
          { has: { field: 'operand', kind: 'identifier', regex: '^fmt$' } },
          { has: { field: 'field', regex: '^(Print|Printf|Println|Fprint|Fprintf|Fprintln)$' } },
        ],
      },
    },
  },
  check(ctx) {
    if (ctx.isTest || /(^|\/)cmd\//.test(ctx.path)) return
    const pkgName = /^package\s+(\w+)/m.exec(ctx.source)?.[1]
    if (!pkgName || pkgName === 'main' || /(test|testing|testutils?)$/.test(pkgName)) return
    if (!ctx.pkg.file(ctx.path)?.imports.some((i) => i.path === 'fmt' && i.localName === 'fmt')) return
    for (const call of ctx.matches('calls')) {
      const selector = field(call, 'function')!
      const fn = field(selector, 'field')!.text()
      if (!PRINTS.has(fn) && !toStandardStream(call)) continue
      const owner = enclosingNamedFunction(call)
      const ownerName = owner ? field(owner, 'name')?.text() ?? '' : ''
      if (PRINTING_FUNCTION.test(ownerName)) continue
      ctx.report({ node: call, message: `fmt.${fn} in package ${pkgName} writes unstructured text to the process's ${PRINTS.has(fn) ? 'standard output' : 'standard streams'}; log with log/slog (or a logger the package is given) instead` })
    }
  },
}

/** `fmt.Fprint*(os.Stdout, …)` / `(os.Stderr, …)`. */
function toStandardStream(call: SgNode): boolean {
  const args = field(call, 'arguments')
  const first = args ? namedChildren(args)[0] : undefined
  return !!first && /^os\.Std(out|err)$/.test(first.text())
}

export default codemod
