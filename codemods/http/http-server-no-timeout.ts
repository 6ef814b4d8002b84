import type { CodemodModule } from '../../src/codemod/types.js'
import { checkTimeoutLiteral, durationOption, literalMatcher } from '../lib/http-literal.js'

/**
 * Matches net/http servers built without a limit on reading requests:
 *
 *	srv := &http.Server{Addr: addr, Handler: h}   →  … Handler: h, ReadHeaderTimeout: 10 * time.Second}
 *
 * Left alone: _test.go files (their clients and servers are local and
 * `go test -timeout` bounds them), a literal that sets ReadHeaderTimeout or ReadTimeout, or whose
 * variable gets one of them assigned later in the same function (anywhere
 * in the package for a package-level variable), and `Server` types of other
 * packages.
 */
const OPTION = 'readHeaderTimeout'

const codemod: CodemodModule = {
  meta: {
    id: 'http-server-no-timeout',
    section: '§12',
    tier: 'suggest',
    message: 'this http.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a client that sends its request slowly holds a connection forever',
    rationale:
      'Without a read limit an http.Server waits as long as a client likes for the request headers. Clients that open connections and trickle bytes (Slowloris) or simply hang exhaust file descriptors and goroutines, and the server stops accepting real traffic.',
    useInstead: '&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}, plus ReadTimeout/WriteTimeout/IdleTimeout where the handlers allow',
    fixSafety:
      'Suggest: a client that takes longer than the limit to send its request headers is now disconnected; request bodies, streaming responses and handlers are not limited by ReadHeaderTimeout. The duration comes from the readHeaderTimeout option (default 10s). A literal with positional fields is reported without a fix.',
    examples: [
      {
        bad: 'import "net/http"\n\nfunc newServer(h http.Handler) *http.Server {\n\treturn &http.Server{\n\t\tAddr:    ":8080",\n\t\tHandler: h,\n\t}\n}\n',
        good: 'import (\n\t"net/http"\n\t"time"\n)\n\nfunc newServer(h http.Handler) *http.Server {\n\treturn &http.Server{\n\t\tAddr:              ":8080",\n\t\tHandler:           h,\n\t\tReadHeaderTimeout: 10 * time.Second,\n\t}\n}\n',
      },
    ],
  },
  prefilter: [/[.]Server\s*\{/],
  defaultOptions: { [OPTION]: '10s' },
  validateOptions: durationOption(OPTION),
  matchers: literalMatcher('Server'),
  check(ctx) {
    for (const literal of ctx.matches('literals')) {
      checkTimeoutLiteral(ctx, literal, { anyOf: ['ReadHeaderTimeout', 'ReadTimeout'], add: 'ReadHeaderTimeout', option: OPTION, message: codemod.meta.message })
    }
  },
}

export default codemod
