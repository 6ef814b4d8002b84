import type { CodemodModule } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { field } from '../../src/gosyntax/nodes.js'

/**
 * Matches (detect only) uses of net/http's shared client, which has no
 * timeout:
 *
 *	resp, err := http.Get(url)
 *	http.Post(url, "application/json", body)       also Head, PostForm
 *	client := http.DefaultClient
 *
 * Left alone: _test.go files (tests talk to local httptest servers), methods
 * of a client value (`c.Get(url)`), and packages other than net/http that
 * go by the name http.
 */
const FUNCS = ['Get', 'Post', 'Head', 'PostForm']
const NAMES = new RegExp(`^(${[...FUNCS, 'DefaultClient'].join('|')})$`)
const TEXT = new RegExp(`[.](?:(?:${FUNCS.join('|')})\\(|DefaultClient\\b)`)

const codemod: CodemodModule = {
  meta: {
    id: 'http-default-client',
    section: '§12',
    tier: 'detect',
    message: "this uses net/http's default client, which has no timeout; send the request through an http.Client with Timeout set",
    rationale:
      'http.Get, http.Post, http.Head, http.PostForm and http.DefaultClient share one client whose Timeout is zero: a request waits as long as the server keeps the connection open. The shared value is also mutable global state that any imported package may reconfigure.',
    useInstead: 'a client of your own, e.g. client := &http.Client{Timeout: 30 * time.Second}; resp, err := client.Get(url) (or a request with a context deadline)',
    examples: [
      {
        bad: 'import "net/http"\n\nfunc fetch(url string) (*http.Response, error) {\n\treturn http.Get(url)\n}\n',
        good: 'import (\n\t"net/http"\n\t"time"\n)\n\nvar client = &http.Client{Timeout: 30 * time.Second}\n\nfunc fetch(url string) (*http.Response, error) {\n\treturn client.Get(url)\n}\n',
      },
    ],
  },
  prefilter: [(source) => source.includes('"net/http"') && TEXT.test(source)],
  matchers: { uses: { kind: 'selector_expression', all: [{ has: { field: 'operand', kind: 'identifier' } }, { has: { field: 'field', regex: NAMES.source } }] } },
  check(ctx) {
    if (ctx.isTest) return
    for (const sel of ctx.matches('uses')) {
      const operand = field(sel, 'operand')!
      if (packagePathAt(ctx.pkg, ctx.path, operand, (p) => p === 'net/http') !== 'net/http') continue
      const name = field(sel, 'field')!.text()
      const what = name === 'DefaultClient' ? `${operand.text()}.DefaultClient has no timeout` : `${operand.text()}.${name} uses http.DefaultClient, which has no timeout`
      ctx.report({ node: sel, message: `${what}; send the request through an http.Client with Timeout set` })
    }
  },
}

export default codemod
