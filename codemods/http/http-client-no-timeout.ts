import type { CodemodModule } from '../../src/codemod/types.js'
import { checkTimeoutLiteral, durationOption, literalMatcher } from '../lib/http-literal.js'

/**
 * Matches net/http clients built without a Timeout:
 *
 *	client := &http.Client{}                   →  &http.Client{Timeout: 30 * time.Second}
 *	c := http.Client{Transport: tr}            →  http.Client{Transport: tr, Timeout: 30 * time.Second}
 *
 * Left alone: _test.go files (their clients and servers are local and
 * `go test -timeout` bounds them), a literal that sets Timeout, or whose variable gets
 * `c.Timeout = …` later in the same function (for a package-level variable,
 * anywhere in the package), and `Client` types of other packages.
 */
const OPTION = 'timeout'

const codemod: CodemodModule = {
  meta: {
    id: 'http-client-no-timeout',
    section: '§12',
    tier: 'suggest',
    message: 'this http.Client has no Timeout, so a request to a server that stops answering waits forever',
    rationale:
      'The zero Timeout of an http.Client means no limit at all: dialling, the response headers and reading the body may each block for as long as the peer keeps the connection open. One stuck upstream then holds a goroutine, a connection and often a caller\'s request for good, and they pile up under load.',
    useInstead: '&http.Client{Timeout: 30 * time.Second} (or a per-request deadline with http.NewRequestWithContext)',
    fixSafety:
      'Suggest: requests that used to wait indefinitely now fail after the timeout, which bounds downloads and long polls too. The duration comes from the timeout option (default 30s); pick one that suits the slowest legitimate response. A literal with positional fields is reported without a fix.',
    examples: [
      {
        bad: 'import "net/http"\n\nfunc newClient() *http.Client {\n\treturn &http.Client{}\n}\n',
        good: 'import (\n\t"net/http"\n\t"time"\n)\n\nfunc newClient() *http.Client {\n\treturn &http.Client{Timeout: 30 * time.Second}\n}\n',
      },
    ],
  },
  prefilter: [/[.]Client\s*\{/],
  defaultOptions: { [OPTION]: '30s' },
  validateOptions: durationOption(OPTION),
  matchers: literalMatcher('Client'),
  check(ctx) {
    for (const literal of ctx.matches('literals')) {
      checkTimeoutLiteral(ctx, literal, { anyOf: ['Timeout'], add: 'Timeout', option: OPTION, message: codemod.meta.message })
    }
  },
}

export default codemod
