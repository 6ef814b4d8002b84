import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyExample, goModule, guidefix, tempDir } from './helpers/cli.js'
import { go, hasGo } from './helpers/go.js'

// Exported renames with --rename-exported: the packages of the module that import the
// renamed package are searched, and any use there keeps the name as it is.

const STORE = `package store

import "errors"

// NotFoundError is returned when no item has the key.
var NotFoundError = errors.New("not found")

func Get(key string) error {
	if key == "" {
		return NotFoundError
	}
	return nil
}
`

const RENAMED_STORE = STORE.replace(/NotFoundError/g, 'ErrNotFound')

/** A main package that imports the store as `spec` and runs `body`. */
function app(spec: string, body: string): string {
  return `package main

import (
	"errors"
	"fmt"

	${spec}
)

func main() {
${body}
}

var _ = errors.Is
var _ = fmt.Sprint
`
}

const USES_NAME = app('"example.test/store"', '\tif err := store.Get(""); errors.Is(err, store.NotFoundError) {\n\t\tfmt.Println("missing")\n\t}')
const USES_OTHER_NAME = app('"example.test/store"', '\tfmt.Println(store.Get("k"))')

const RENAME = ['--write', '--unsafe', '--rename-exported', '--rule', 'error-var-naming']

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1
}

function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8')
}

/** The module builds and vets (tests included) after the run. */
function expectBuilds(dir: string): void {
  expect(go(['build', './...'], dir)).toMatchObject({ status: 0 })
  expect(go(['vet', './...'], dir)).toMatchObject({ status: 0 })
}

describe.skipIf(!hasGo())('--rename-exported and the other packages of the module', () => {
  it('does not rename a name another package uses, and says where it is used', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_NAME })
    const r = guidefix([...RENAME, '.'], dir)
    const line = lineOf(USES_NAME, 'store.NotFoundError')
    expect(r.stdout).toContain(
      `sentinel error NotFoundError should be named ErrNotFound (not fixed: NotFoundError is used in other packages of the module, which a rename here cannot change: cmd/app/main.go:${line})`,
    )
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expect(read(dir, 'cmd/app/main.go')).toBe(USES_NAME)
    expectBuilds(dir)
  })

  it('renames a name that the importers of the package do not use', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_OTHER_NAME })
    const dry = guidefix(['--unsafe', '--rename-exported', '--rule', 'error-var-naming', '.'], dir)
    expect(dry.stdout).toContain('(renamed in this package and its external test package; no other package of the module uses it)')
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expect(read(dir, 'cmd/app/main.go')).toBe(USES_OTHER_NAME)
    expectBuilds(dir)
  })

  it('finds uses under an import alias', () => {
    const main = app('st "example.test/store"', '\tfmt.Println(errors.Is(st.Get(""), st.NotFoundError))')
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': main })
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain(`cannot change: cmd/app/main.go:${lineOf(main, 'st.NotFoundError')})`)
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expectBuilds(dir)
  })

  it('finds uses under the package name when the import path ends otherwise', () => {
    const store = STORE
    const main = app('"example.test/go-store"', '\tfmt.Println(errors.Is(store.Get(""), store.NotFoundError))')
    const dir = goModule({ 'go-store/store.go': store, 'cmd/app/main.go': main })
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain(`cannot change: cmd/app/main.go:${lineOf(main, 'store.NotFoundError')})`)
    expect(read(dir, 'go-store/store.go')).toBe(STORE)
    expectBuilds(dir)
  })

  it('searches the whole module, not only the paths given', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_NAME })
    const r = guidefix([...RENAME, './store'], dir)
    expect(r.stdout).toContain(`cannot change: cmd/app/main.go:${lineOf(USES_NAME, 'store.NotFoundError')})`)
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expectBuilds(dir)
  })

  it('names three uses and counts the rest', () => {
    const dir = goModule({
      'store/store.go': STORE,
      'cmd/a/main.go': USES_NAME,
      'cmd/b/main.go': USES_NAME,
      'cmd/c/main.go': USES_NAME,
      'cmd/d/main.go': USES_NAME,
    })
    const r = guidefix([...RENAME, './store'], dir)
    const line = lineOf(USES_NAME, 'store.NotFoundError')
    expect(r.stdout).toContain(`cannot change: cmd/a/main.go:${line}, cmd/b/main.go:${line}, cmd/c/main.go:${line} and 1 more)`)
    expect(read(dir, 'store/store.go')).toBe(STORE)
  })

  it('does not take a local name that hides the import for a use of the package', () => {
    const main = `package main

import (
	"fmt"

	"example.test/store"
)

type lookup struct{ NotFoundError bool }

func report(store lookup) bool { return store.NotFoundError }

func main() {
	fmt.Println(store.Get("k"), report(lookup{}))
}
`
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': main })
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expect(read(dir, 'cmd/app/main.go')).toBe(main)
    expectBuilds(dir)
  })

  it('renames when the only importer imports the package for its side effects', () => {
    const main = app('_ "example.test/store"', '\tfmt.Println("NotFoundError")')
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': main })
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expectBuilds(dir)
  })

  it('refuses when another package dot-imports the package and mentions the name', () => {
    const main = app('. "example.test/store"', '\tfmt.Println(errors.Is(Get(""), NotFoundError))')
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': main })
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain('(not fixed: cmd/app/main.go dot-imports store, so its uses of NotFoundError cannot be told apart)')
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expectBuilds(dir)
  })

  it('still renames in the external test package of the directory', () => {
    const test = `package store_test

import (
	"errors"
	"testing"

	"example.test/store"
)

func TestGet(t *testing.T) {
	if err := store.Get(""); !errors.Is(err, store.NotFoundError) {
		t.Fatal(err)
	}
}
`
    const dir = goModule({ 'store/store.go': STORE, 'store/store_test.go': test, 'cmd/app/main.go': USES_OTHER_NAME })
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expect(read(dir, 'store/store_test.go')).toBe(test.replace('store.NotFoundError', 'store.ErrNotFound'))
    expectBuilds(dir)
    expect(go(['test', './store'], dir)).toMatchObject({ status: 0 })
  })

  it('counts uses in generated files of other packages, and says they are generated', () => {
    const gen = `// Code generated by stringer. DO NOT EDIT.\n\n${USES_NAME}`
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/zz_generated.go': gen })
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain(`cannot change: cmd/app/zz_generated.go:${lineOf(gen, 'store.NotFoundError')} (generated code))`)
    expect(read(dir, 'store/store.go')).toBe(STORE)
  })

  it('refuses when a file of another package that does not parse mentions the name', () => {
    const broken = 'package main\n\nimport "example.test/store"\n\nfunc main() { _ = store.NotFoundError +++ }\n'
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': broken })
    const r = guidefix([...RENAME, './store'], dir)
    expect(r.stdout).toContain('(not fixed: cmd/app/main.go does not parse and may use NotFoundError)')
    expect(read(dir, 'store/store.go')).toBe(STORE)
  })

  it('leaves out vendor, testdata and hidden directories, as the go command does', () => {
    const dir = goModule({
      'store/store.go': STORE,
      'testdata/app/main.go': USES_NAME,
      '_old/app/main.go': USES_NAME,
      '.cache/app/main.go': USES_NAME,
      'cmd/app/main.go': USES_OTHER_NAME,
    })
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expectBuilds(dir)
  })

  it('leaves out a nested module, which builds against a published version of this one', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_OTHER_NAME, 'tools/lint/main.go': USES_NAME })
    writeFileSync(join(dir, 'tools/go.mod'), 'module example.test/tools\n\ngo 1.21\n\nrequire example.test v1.0.0\n')
    guidefix([...RENAME, '.'], dir)
    expect(read(dir, 'store/store.go')).toBe(RENAMED_STORE)
    expectBuilds(dir)
  })

  it('counts a nested module whose go.mod replaces this one with its directory', () => {
    const dir = goModule({ 'store/store.go': STORE, 'tools/lint/main.go': USES_NAME })
    writeFileSync(join(dir, 'tools/go.mod'), 'module example.test/tools\n\ngo 1.21\n\nrequire example.test v0.0.0\n\nreplace example.test => ../\n')
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain(`cannot change: tools/lint/main.go:${lineOf(USES_NAME, 'store.NotFoundError')})`)
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expectBuilds(dir)
    expect(go(['vet', './...'], join(dir, 'tools'))).toMatchObject({ status: 0 })
  })

  it('counts the module above this one when its go.mod replaces this one with its directory', () => {
    const outer = goModule({ 'cmd/app/main.go': USES_NAME.replace('example.test/store', 'example.test/lib/store') })
    writeFileSync(join(outer, 'go.mod'), 'module example.test/outer\n\ngo 1.21\n\nrequire example.test/lib v0.0.0\n\nreplace example.test/lib => ./lib\n')
    mkdirSync(join(outer, 'lib/store'), { recursive: true })
    writeFileSync(join(outer, 'lib/go.mod'), 'module example.test/lib\n\ngo 1.21\n')
    writeFileSync(join(outer, 'lib/store/store.go'), STORE)
    const r = guidefix([...RENAME, './lib'], outer)
    expect(r.stdout).toContain(`cannot change: cmd/app/main.go:${lineOf(USES_NAME, 'store.NotFoundError')})`)
    expect(read(outer, 'lib/store/store.go')).toBe(STORE)
    expectBuilds(outer)
  })

  it('counts a module that a go.work uses together with this one', () => {
    const root = tempDir()
    const files: Record<string, string> = {
      'go.work': 'go 1.21\n\nuse (\n\t./lib\n\t./svc\n)\n',
      'lib/go.mod': 'module example.test\n\ngo 1.21\n',
      'lib/store/store.go': STORE,
      'svc/go.mod': 'module example.test/svc\n\ngo 1.21\n',
      'svc/cmd/app/main.go': USES_NAME,
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    const r = guidefix([...RENAME, './lib'], root)
    expect(r.stdout).toContain(`cannot change: svc/cmd/app/main.go:${lineOf(USES_NAME, 'store.NotFoundError')})`)
    expect(read(root, 'lib/store/store.go')).toBe(STORE)
    // Workspace mode takes no -mod flag.
    expect(go(['build', './...'], join(root, 'svc'), { GOFLAGS: '' })).toMatchObject({ status: 0 })
  })

  it('refuses an exported rename in an importable package without a go.mod, but not in a main package', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'store'))
    writeFileSync(join(dir, 'store/store.go'), STORE)
    mkdirSync(join(dir, 'tool'))
    const main = STORE.replace('package store', 'package main').concat('\nfunc main() { _ = Get("") }\n')
    writeFileSync(join(dir, 'tool/main.go'), main)
    const r = guidefix([...RENAME, '.'], dir)
    expect(r.stdout).toContain('(not fixed: without a go.mod the packages that may import store cannot be found)')
    expect(read(dir, 'store/store.go')).toBe(STORE)
    expect(read(dir, 'tool/main.go')).toBe(main.replace(/NotFoundError/g, 'ErrNotFound'))
  })

  it('leaves the bundled example building, where internal/api uses a sentinel of internal/store', () => {
    const dir = copyExample()
    const r = guidefix(['--write', '--unsafe', '--rename-exported', '--allow-dirty', '.'], dir)
    expect(r.stdout).toMatch(/sentinel error ErrorNotFound should be named ErrNotFound \(not fixed: ErrorNotFound is used in other packages of the module, which a rename here cannot change: internal\/api\/handlers\.go:\d+, internal\/api\/handlers\.go:\d+\)/)
    expect(read(dir, 'internal/payments/client.go')).toContain('MaxRetries')
    expectBuilds(dir)
  })

  it('applies the same guard to exported constants (const-screaming-snake)', () => {
    const store = 'package store\n\n// MAX_RETRIES is how often a call is tried.\nconst MAX_RETRIES = 3\n'
    const main = 'package main\n\nimport (\n\t"fmt"\n\n\t"example.test/store"\n)\n\nfunc main() { fmt.Println(store.MAX_RETRIES) }\n'
    const dir = goModule({ 'store/store.go': store, 'cmd/app/main.go': main })
    const r = guidefix(['--write', '--unsafe', '--rename-exported', '--rule', 'const-screaming-snake', '.'], dir)
    expect(r.stdout).toContain('constant MAX_RETRIES should be named MaxRetries (not fixed: MAX_RETRIES is used in other packages of the module, which a rename here cannot change: cmd/app/main.go:9)')
    expect(read(dir, 'store/store.go')).toBe(store)
    expectBuilds(dir)
  })

  it('keeps the lock methods of an exported type that another package imports (embedded-mutex)', () => {
    const store = 'package store\n\nimport "sync"\n\ntype Cache struct {\n\tsync.Mutex\n\tn int\n}\n\nfunc (c *Cache) Inc() {\n\tc.Lock()\n\tdefer c.Unlock()\n\tc.n++\n}\n\nfunc New() *Cache { return &Cache{} }\n'
    const main = 'package main\n\nimport "example.test/store"\n\nfunc main() {\n\tc := store.New()\n\tc.Lock()\n\tc.Unlock()\n}\n'
    const dir = goModule({ 'store/store.go': store, 'cmd/app/main.go': main })
    const r = guidefix(['--write', '--unsafe', '--rename-exported', '--rule', 'embedded-mutex', '.'], dir)
    expect(r.stdout).toContain('(not fixed: other packages of the module import store and may rely on the lock methods of Cache: cmd/app/main.go)')
    expect(read(dir, 'store/store.go')).toBe(store)
    expectBuilds(dir)
  })
})

describe('the search of the module costs nothing unless an exported rename is planned', () => {
  const phase = /^\s+importers\s+[\d.]+ ms$/m
  it('is not made without --rename-exported', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_NAME })
    const r = guidefix(['--profile', '--rule', 'error-var-naming', '.'], dir)
    expect(r.stdout + r.stderr).toMatch(/^profile \(wall/m)
    expect(r.stdout + r.stderr).not.toMatch(phase)
  })
  it('is not made for unexported names', () => {
    const dir = goModule({ 'store/store.go': STORE.replace(/NotFoundError/g, 'notFoundError'), 'cmd/app/main.go': USES_OTHER_NAME })
    const r = guidefix(['--profile', '--rename-exported', '--rule', 'error-var-naming', '.'], dir)
    expect(r.stdout + r.stderr).toMatch(/^profile \(wall/m)
    expect(r.stdout + r.stderr).not.toMatch(phase)
  })
  it('is made when an exported name is to be renamed', () => {
    const dir = goModule({ 'store/store.go': STORE, 'cmd/app/main.go': USES_NAME })
    const r = guidefix(['--profile', '--rename-exported', '--rule', 'error-var-naming', '.'], dir)
    expect(r.stdout + r.stderr).toMatch(phase)
  })
})
