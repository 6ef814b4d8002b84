// A deliberately broken rule, for the --verify tests only: it renames
// strings.ToUpper to a function that does not exist, so the package it
// fixes no longer compiles.
export default {
  meta: {
    id: 'test-break-upper',
    section: '§4',
    tier: 'safe',
    message: 'strings.ToUpper (the test rule breaks it on purpose)',
    rationale: 'Exists only to check that --verify takes back a fix that breaks the build.',
    examples: [{ bad: 'import "strings"\n\nvar s = strings.ToUpper("a")\n', good: 'import "strings"\n\nvar s = strings.ToUpperNowhere("a")\n' }],
  },
  prefilter: ['strings.ToUpper'],
  matchers: { calls: { kind: 'selector_expression', regex: '^strings\\.ToUpper$' } },
  check(ctx) {
    for (const node of ctx.matches('calls')) {
      const r = node.range()
      ctx.report({ node, fix: { edits: [{ start: r.start.index, end: r.end.index, text: 'strings.ToUpperNowhere' }] } })
    }
  },
}
