import { describe, expect, it } from 'vitest'
import { collapseLoneImportBlock, addImports, defaultImportName, removeUnusedImports } from '../../dist/src/engine/imports.js'

describe('addImports', () => {
  it('adds a single import after the package clause (and its doc comment)', () => {
    const src = '// Package p does things.\npackage p\n\nfunc f() {}\n'
    expect(addImports(src, ['errors'])).toBe('// Package p does things.\npackage p\n\nimport "errors"\n\nfunc f() {}\n')
  })

  it('adds several as a block', () => {
    expect(addImports('package p\n', ['fmt', 'errors'])).toBe('package p\n\nimport (\n\t"errors"\n\t"fmt"\n)\n')
  })

  it('turns a single import into a sorted block', () => {
    expect(addImports('package p\n\nimport "io"\n', ['errors'])).toBe('package p\n\nimport (\n\t"errors"\n\t"io"\n)\n')
  })

  it('keeps a single third-party import in its own group', () => {
    expect(addImports('package p\n\nimport "github.com/x/y"\n', ['errors'])).toBe('package p\n\nimport (\n\t"errors"\n\n\t"github.com/x/y"\n)\n')
  })

  it('inserts into the standard-library group in sorted order', () => {
    const src = 'package p\n\nimport (\n\t"context"\n\t"io"\n\n\t"github.com/x/y"\n)\n'
    expect(addImports(src, ['errors'])).toBe('package p\n\nimport (\n\t"context"\n\t"errors"\n\t"io"\n\n\t"github.com/x/y"\n)\n')
    expect(addImports(src, ['os'])).toBe('package p\n\nimport (\n\t"context"\n\t"io"\n\t"os"\n\n\t"github.com/x/y"\n)\n')
  })

  it('keeps several new imports in order when they go before the same line', () => {
    const src = 'package p\n\nimport (\n\t"io"\n)\n'
    expect(addImports(src, ['fmt', 'errors'])).toBe('package p\n\nimport (\n\t"errors"\n\t"fmt"\n\t"io"\n)\n')
  })

  it('opens a standard-library group before third-party-only blocks', () => {
    const src = 'package p\n\nimport (\n\t"github.com/x/y"\n)\n'
    expect(addImports(src, ['errors'])).toBe('package p\n\nimport (\n\t"errors"\n\n\t"github.com/x/y"\n)\n')
  })

  it('never duplicates an import, whatever its name', () => {
    const src = 'package p\n\nimport (\n\tstderrors "errors"\n)\n'
    expect(addImports(src, ['errors'])).toBe(src)
    expect(addImports('package p\n\nimport "errors"\n', ['errors', 'errors'])).toBe('package p\n\nimport "errors"\n')
  })

  it('keeps aliases and comments of existing specs', () => {
    const src = 'package p\n\nimport (\n\tj "encoding/json" // fast enough\n\t"io"\n)\n'
    expect(addImports(src, ['errors'])).toBe('package p\n\nimport (\n\tj "encoding/json" // fast enough\n\t"errors"\n\t"io"\n)\n')
  })
})

describe('removeUnusedImports', () => {
  it('drops an import nothing refers to, and only that one', () => {
    const src = 'package p\n\nimport (\n\t"fmt"\n\t"log"\n)\n\nfunc f() { fmt.Println() }\n'
    expect(removeUnusedImports(src, ['log', 'fmt'])).toBe('package p\n\nimport (\n\t"fmt"\n)\n\nfunc f() { fmt.Println() }\n')
  })

  it('removes a whole single import declaration', () => {
    const src = 'package p\n\nimport "log"\n\nfunc f() {}\n'
    expect(removeUnusedImports(src, ['log'])).toBe('package p\n\nfunc f() {}\n')
  })

  it('keeps imports still used in types', () => {
    const src = 'package p\n\nimport "log"\n\nvar l *log.Logger\n'
    expect(removeUnusedImports(src, ['log'])).toBe(src)
  })
})

describe('collapseLoneImportBlock', () => {
  it('turns a block holding one import back into a lone import', () => {
    expect(collapseLoneImportBlock('package p\n\nimport (\n\t"log/slog"\n)\n\nfunc f() {}\n')).toBe('package p\n\nimport "log/slog"\n\nfunc f() {}\n')
    expect(collapseLoneImportBlock('package p\n\nimport (\n\tl "log/slog"\n)\n')).toBe('package p\n\nimport l "log/slog"\n')
  })
  it('leaves blocks with several imports, a comment, or beside another import declaration', () => {
    for (const text of [
      'package p\n\nimport (\n\t"fmt"\n\t"log/slog"\n)\n',
      'package p\n\nimport (\n\t// logging\n\t"log/slog"\n)\n',
      'package p\n\nimport "C"\n\nimport (\n\t"log/slog"\n)\n',
    ]) expect(collapseLoneImportBlock(text)).toBe(text)
  })
})

describe('defaultImportName', () => {
  it.each([
    ['errors', 'errors'],
    ['log/slog', 'slog'],
    ['github.com/pkg/errors', 'errors'],
    ['gopkg.in/yaml.v3', 'yaml'],
    ['github.com/x/go-redis/v9', 'redis'],
  ])('%s → %s', (path, name) => expect(defaultImportName(path)).toBe(name))
})
