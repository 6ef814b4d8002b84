import { describe, expect, it } from 'vitest'
import type { Rule } from '@ast-grep/napi'
import { parseGo } from '../../dist/src/gosyntax/parse.js'
import { kindsOf, scanTree } from '../../dist/src/engine/scan.js'

const source = `package p

import (
	"errors"
	"fmt"
	"strings"
)

var ErrGone = errors.New("gone")

func f(err error, s string) error {
	if err == ErrGone || s != "x" {
		return fmt.Errorf("wrap: %v", err)
	}
	if strings.Contains(err.Error(), "gone") {
		return nil
	}
	switch err {
	case ErrGone:
		return nil
	}
	v, ok := err.(interface{ Timeout() bool })
	_, _ = v, ok
	return fmt.Errorf("plain")
}
`

// Matchers sharing node kinds, a pattern (left to ast-grep) and a regex the scan cannot read itself.
const matchers: Record<string, Rule> = {
  comparisons: { kind: 'binary_expression', has: { field: 'operator', regex: '^(==|!=)$' } },
  sentinels: { kind: 'binary_expression', has: { field: 'right', regex: '^Err[A-Z]' } },
  either: { any: [{ kind: 'binary_expression' }, { kind: 'call_expression' }], not: { has: { field: 'operator', regex: '^[|][|]$' } } },
  errorf: { kind: 'call_expression', has: { field: 'function', regex: '^fmt[.]Errorf$' } },
  strings: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'operand', regex: '^strings$' } } },
  wrapped: { kind: 'call_expression', all: [{ has: { field: 'arguments', has: { kind: 'identifier' } } }, { not: { has: { field: 'function', regex: '\\bContains\\b' } } }] },
  pattern: { pattern: '$A != $B' },
  deep: { kind: 'expression_switch_statement', has: { kind: 'identifier', regex: '^ErrGone$', stopBy: 'end' } },
}

const entries = Object.entries(matchers).map(([name, rule], owner) => ({ owner, name, rule }))
const spans = (nodes: { range(): { start: { index: number }; end: { index: number } } }[]) => nodes.map((n) => `${n.range().start.index}-${n.range().end.index}`)

describe('scanTree', () => {
  it('finds, for every matcher, exactly the nodes its own search finds', () => {
    const root = parseGo(source).root()
    const { error, nodes } = scanTree(root, entries, true)
    expect(error).toBeNull()
    entries.forEach((e, i) => {
      const alone = root.findAll({ rule: e.rule })
      expect(spans(nodes[i]), e.name).toEqual(spans(alone))
      expect(alone.length, `${e.name} finds something`).toBeGreaterThan(0)
    })
  })

  it('reports the first syntax error when asked, and only then', () => {
    const root = parseGo('package p\n\nfunc f() {\n\tx := )\n}\n').root()
    expect(scanTree(root, entries, true).error).not.toBeNull()
    expect(scanTree(root, entries, false).error).toBeNull()
    expect(scanTree(root, [], true).error).not.toBeNull()
  })

  it('knows which kinds a rule can match', () => {
    expect(kindsOf({ kind: 'call_expression' })).toEqual(new Set(['call_expression']))
    expect(kindsOf({ any: [{ kind: 'a' }, { kind: 'b' }] })).toEqual(new Set(['a', 'b']))
    expect(kindsOf({ all: [{ regex: 'x' }, { kind: 'c' }] })).toEqual(new Set(['c']))
    expect(kindsOf({ any: [{ kind: 'a' }, { pattern: '$X' }] })).toBeNull()
    expect(kindsOf({ pattern: 'f()' })).toBeNull()
  })
})
