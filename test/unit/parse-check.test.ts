import { describe, expect, it } from 'vitest'
import { parseGo } from '../../dist/src/gosyntax/parse.js'
import { changedDeclarationsParse, topLevelSpans } from '../../dist/src/engine/parse-check.js'
import { changedHunks } from '../../dist/src/engine/layout.js'

const original = `package p

import "io"

// f reads.
func f(err error) bool {
	if err == io.EOF {
		return true
	}
	return false
}

var x = 1
`
const check = (text: string) => changedDeclarationsParse(topLevelSpans(parseGo(original).root()), text, changedHunks(original, text))

describe('changedDeclarationsParse', () => {
  it('accepts changes inside declarations that parse on their own', () => {
    expect(check(original.replace('err == io.EOF', 'errors.Is(err, io.EOF)'))).toBe(true)
    expect(check(original.replace('\t\treturn true\n', '\t\tdefer g()\n\t\treturn true\n'))).toBe(true)
    expect(check(original.replace('import "io"', 'import (\n\t"errors"\n\t"io"\n)'))).toBe(true)
    expect(check(original)).toBe(true)
  })

  it('refuses what it cannot prove, or what does not parse', () => {
    expect(check(original.replace('return false\n}', 'return false\n'))).toBe(false)
    expect(check(original.replace('err == io.EOF', 'err == `io.EOF'))).toBe(false)
    expect(check(original.replace('var x = 1', 'var x = 1\n\nfunc g() {}'))).toBe(false)
    expect(check(original.replace('// f reads.', '// f reads\n// the input.'))).toBe(false)
    expect(check(original.replace('\t\treturn true\n\t}', '\t\treturn true\n\t}\n}\nfunc h() {'))).toBe(false)
  })
})
