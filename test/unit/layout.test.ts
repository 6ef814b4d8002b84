import { describe, expect, it } from 'vitest'
import { changedHunks, keepsLayout } from '../../dist/src/engine/layout.js'
import { gofmtMany } from '../../dist/src/runner/gofmt.js'

const file = (body: string) => `package p\n\nimport "errors"\n\n${body}`

// Each pair is gofmt-clean before the change; the change is what a fix might do.
const cases: { name: string; before: string; after: string; keeps: boolean }[] = [
  {
    name: 'an expression replaced inside a condition',
    before: file('func f(err error) bool {\n\tif err == errA {\n\t\treturn true\n\t}\n\treturn false\n}\n\nvar errA = errors.New("a")\n'),
    after: file('func f(err error) bool {\n\tif errors.Is(err, errA) {\n\t\treturn true\n\t}\n\treturn false\n}\n\nvar errA = errors.New("a")\n'),
    keeps: true,
  },
  {
    name: 'a statement inserted between plain lines',
    before: file('func f() {\n\ta := 1\n\t_ = a\n}\n\nvar _ = errors.New\n'),
    after: file('func f() {\n\ta := 1\n\tdefer g()\n\t_ = a\n}\n\nfunc g() {}\n\nvar _ = errors.New\n'),
    keeps: true,
  },
  {
    name: 'a renamed name in an aligned var block',
    before: file('var (\n\tErrorFoo = errors.New("foo")\n\tErrBar   = errors.New("bar")\n)\n'),
    after: file('var (\n\tErrFoo = errors.New("foo")\n\tErrBar   = errors.New("bar")\n)\n'),
    keeps: false,
  },
  {
    name: 'a longer value before an aligned trailing comment',
    before: file('var (\n\ta = 1 // one\n\tb = 2 // two\n)\n\nvar _ = errors.New\n'),
    after: file('var (\n\ta = 1000 // one\n\tb = 2 // two\n)\n\nvar _ = errors.New\n'),
    keeps: false,
  },
  {
    name: 'a line inserted between commented lines',
    before: file('func f() {\n\ta := 1  // one\n\tbb := 2 // two\n\t_, _ = a, bb\n}\n\nvar _ = errors.New\n'),
    after: file('func f() {\n\ta := 1  // one\n\tdefer f()\n\tbb := 2 // two\n\t_, _ = a, bb\n}\n\nvar _ = errors.New\n'),
    keeps: false,
  },
  {
    name: 'a struct field type changed before its tag',
    before: file('type T struct {\n\tA  int    `json:"a"`\n\tBB string `json:"bb"`\n}\n\nvar _ = errors.New\n'),
    after: file('type T struct {\n\tA  int64    `json:"a"`\n\tBB string `json:"bb"`\n}\n\nvar _ = errors.New\n'),
    keeps: false,
  },
  {
    name: 'an embedded field given a name above a field it must now align with',
    before: file('type T struct {\n\tsync.Mutex\n\tm map[string]int\n}\n\nvar _ = errors.New\n').replace('import "errors"', 'import (\n\t"errors"\n\t"sync"\n)'),
    after: file('type T struct {\n\tmu sync.Mutex\n\tm map[string]int\n}\n\nvar _ = errors.New\n').replace('import "errors"', 'import (\n\t"errors"\n\t"sync"\n)'),
    keeps: false,
  },
  {
    name: 'a comparison turned into a call on the right of :=',
    before: file('func f(err error) bool {\n\tok := err == errA\n\treturn ok\n}\n\nvar errA = errors.New("a")\n'),
    after: file('func f(err error) bool {\n\tok := errors.Is(err, errA)\n\treturn ok\n}\n\nvar errA = errors.New("a")\n'),
    keeps: true,
  },
]

describe('keepsLayout', () => {
  const formatted = gofmtMany(cases.flatMap((c) => [c.before, c.after]))
  cases.forEach((c, i) => {
    it(c.name, () => {
      expect(formatted[2 * i], 'the input is gofmt-clean').toBe(c.before)
      expect(keepsLayout(c.before, c.after, () => changedHunks(c.before, c.after))).toBe(c.keeps)
      // Whenever gofmt may be skipped, it must indeed have nothing to change.
      if (c.keeps) expect(formatted[2 * i + 1]).toBe(c.after)
      else expect(formatted[2 * i + 1] === c.after, 'the negative case is one gofmt does change').toBe(false)
    })
  })
})
