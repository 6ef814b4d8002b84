import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { layoutOf, packedOrder, structSize } from '../../dist/codemods/lib/struct-layout.js'
import { spawnSync } from 'node:child_process'
import { hasGo } from '../helpers/go.js'

const TYPES = [
  'bool', 'int8', 'uint8', 'byte', 'int16', 'uint16', 'int32', 'uint32', 'rune', 'float32', 'int', 'uint', 'uintptr',
  'int64', 'uint64', 'float64', 'complex64', 'complex128', 'string', 'error', 'any', 'time.Time', 'time.Duration',
  '*int', '[]string', 'map[string]int', 'chan int', '<-chan bool', 'func(int) error', 'interface{ Close() error }',
  '[3]byte', '[2]int32', '[4]string', '[2][3]int16',
]

/** Structs whose sizes the model must get right, padding included. */
const STRUCTS = [
  ['bool', 'int64', 'string', 'int32'],
  ['bool', 'int64', 'int64', 'bool', 'float64', 'bool'],
  ['int8', 'int16', 'int8'],
  ['int32', 'bool'],
  ['complex64', 'bool', '[3]byte'],
]

/** A Go program printing unsafe.Sizeof and Alignof of every type, and the size of every struct. */
function program(): string {
  const lines = TYPES.map((t) => `\tvar v${TYPES.indexOf(t)} ${t}\n\tfmt.Println(unsafe.Sizeof(v${TYPES.indexOf(t)}), unsafe.Alignof(v${TYPES.indexOf(t)}))`)
  const structs = STRUCTS.map((fs, i) => `\tvar s${i} struct {\n${fs.map((t, j) => `\t\tf${j} ${t}\n`).join('')}\t}\n\tfmt.Println(unsafe.Sizeof(s${i}), unsafe.Alignof(s${i}))`)
  return `package main\n\nimport (\n\t"fmt"\n\t"time"\n\t"unsafe"\n)\n\nvar _ time.Time\n\nfunc main() {\n${[...lines, ...structs].join('\n')}\n}\n`
}

describe.skipIf(!hasGo())('struct layout model (amd64)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidefix-layout-'))
  writeFileSync(join(dir, 'go.mod'), 'module layout\n\ngo 1.21\n')
  writeFileSync(join(dir, 'main.go'), program())
  const r = spawnSync('go', ['run', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOARCH: 'amd64', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } })
  const run = { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` }
  const figures = run.output.trim().split('\n').map((l) => l.split(' ').map(Number))

  it('agrees with unsafe.Sizeof and unsafe.Alignof for every type it knows', () => {
    expect(run.status).toBe(0)
    TYPES.forEach((t, i) => expect({ type: t, ...layoutOf(t) }).toEqual({ type: t, size: figures[i][0], align: figures[i][1] }))
  })

  it('computes struct sizes with padding as the compiler lays them out', () => {
    STRUCTS.forEach((fs, i) => expect({ fields: fs, size: structSize(fs.map((t) => layoutOf(t)!)) }).toEqual({ fields: fs, size: figures[TYPES.length + i][0] }))
  })

  it('orders fields so that a padded struct shrinks', () => {
    const fields = STRUCTS[1].map((t) => layoutOf(t)!)
    const order = packedOrder(fields)
    expect(structSize(order.map((i) => fields[i]))).toBe(32)
    expect(structSize(fields)).toBe(48)
  })

  it('does not know named types of the package or of other packages', () => {
    expect(layoutOf('User')).toBeNull()
    expect(layoutOf('sync.Mutex')).toBeNull()
    expect(layoutOf('[]T')).toEqual({ size: 24, align: 8 })
  })
})
