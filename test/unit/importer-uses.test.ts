import { describe, expect, it } from 'vitest'
import { readImporter } from '../../dist/src/engine/importer-uses.js'

const PATH = 'example.test/store'

function usesIn(text: string, packageName = 'store') {
  const file = readImporter({ path: '/m/cmd/a.go', display: 'cmd/a.go', text }, PATH, packageName)
  return { ...file, uses: Object.fromEntries(file.uses) }
}

describe('readImporter: the names of a package another file uses', () => {
  it('finds selectors and qualified types, generic ones included, each with its lines', () => {
    const text = `package main

import "example.test/store"

var x store.Item
var y store.List[int]

func main() {
	_ = store.NotFound
	_ = store.Map[int](nil)
	_ = store.NotFound
}
`
    expect(usesIn(text)).toMatchObject({ imports: true, dotImport: false, uses: { Item: [5], List: [6], NotFound: [9, 11], Map: [10] } })
  })

  it('goes by the alias of a named import, and by the package name when the import is unnamed', () => {
    const aliased = 'package main\n\nimport st "example.test/store"\n\nvar _ = st.NotFound\nvar _ = store.Other\n'
    expect(usesIn(aliased).uses).toEqual({ NotFound: [5] })
    const renamed = 'package main\n\nimport "example.test/store"\n\nvar _ = kv.NotFound\n'
    expect(usesIn(renamed, 'kv').uses).toEqual({ NotFound: [5] })
  })

  it('skips a local name that hides the import', () => {
    const text = 'package main\n\nimport "example.test/store"\n\nfunc f(store struct{ NotFound int }) int { return store.NotFound }\n\nvar _ = store.Get\n'
    expect(usesIn(text).uses).toEqual({ Get: [7] })
  })

  it('tells blank and dot imports, other packages and files that do not parse apart', () => {
    expect(usesIn('package main\n\nimport _ "example.test/store"\n')).toMatchObject({ imports: false, dotImport: false, uses: {} })
    expect(usesIn('package main\n\nimport . "example.test/store"\n\nvar _ = NotFound\n')).toMatchObject({ imports: false, dotImport: true })
    expect(usesIn('package main\n\nimport "example.test/store/sub"\n\nvar _ = sub.X\n')).toMatchObject({ imports: false, uses: {} })
    expect(usesIn('package main\n\nimport "example.test/store"\n\nfunc f() { store.X( }\n')).toMatchObject({ unchecked: 'does not parse' })
    const unreadable = readImporter({ path: '/m/b.go', display: 'b.go', unreadable: 'holds binary data', text: 'x' }, PATH, 'store')
    expect(unreadable).toMatchObject({ unchecked: 'holds binary data', text: 'x' })
  })
})
