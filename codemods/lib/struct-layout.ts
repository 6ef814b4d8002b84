/**
 * The memory layout of Go struct fields on amd64 (word size 8), for the
 * types whose size the syntax alone decides: built-in numeric types, bool,
 * string, pointers, slices, maps, channels, functions, interfaces (error,
 * any, interface{…}), time.Time and time.Duration, and arrays of those.
 * Anything else (named types of the package, other packages' types,
 * generics) is unknown, and a struct holding it is not measured.
 *
 * test/unit/struct-layout.test.ts checks these figures against
 * unsafe.Sizeof and unsafe.Alignof reported by the Go toolchain.
 */
export interface TypeLayout {
  size: number
  align: number
}

const WORD = 8

const BASIC: Record<string, TypeLayout> = {
  bool: { size: 1, align: 1 },
  int8: { size: 1, align: 1 },
  uint8: { size: 1, align: 1 },
  byte: { size: 1, align: 1 },
  int16: { size: 2, align: 2 },
  uint16: { size: 2, align: 2 },
  int32: { size: 4, align: 4 },
  uint32: { size: 4, align: 4 },
  rune: { size: 4, align: 4 },
  float32: { size: 4, align: 4 },
  int: { size: WORD, align: WORD },
  uint: { size: WORD, align: WORD },
  uintptr: { size: WORD, align: WORD },
  int64: { size: 8, align: 8 },
  uint64: { size: 8, align: 8 },
  float64: { size: 8, align: 8 },
  complex64: { size: 8, align: 4 },
  complex128: { size: 16, align: 8 },
  string: { size: 2 * WORD, align: WORD },
  error: { size: 2 * WORD, align: WORD },
  any: { size: 2 * WORD, align: WORD },
  'time.Time': { size: 3 * WORD, align: WORD },
  'time.Duration': { size: 8, align: 8 },
}

/** The layout of a type written as `text`, or null when it is not known from the syntax. */
export function layoutOf(text: string): TypeLayout | null {
  const t = text.replace(/\s+/g, ' ').trim()
  if (BASIC[t]) return BASIC[t]
  if (t.startsWith('*') || t.startsWith('map[') || /^(<-)?chan\b/.test(t) || /^func\b/.test(t)) return { size: WORD, align: WORD }
  if (t.startsWith('[]')) return { size: 3 * WORD, align: WORD }
  if (/^interface ?\{/.test(t)) return { size: 2 * WORD, align: WORD }
  const array = /^\[([0-9]+)\](.+)$/.exec(t)
  if (array) {
    const elem = layoutOf(array[2])
    const n = Number(array[1])
    return elem && n > 0 ? { size: n * elem.size, align: elem.align } : null
  }
  return null
}

/** Size of a struct with fields of these layouts, in this order (padding between fields and at the end). */
export function structSize(fields: readonly TypeLayout[]): number {
  let offset = 0
  let align = 1
  for (const f of fields) {
    offset = roundUp(offset, f.align) + f.size
    align = Math.max(align, f.align)
  }
  return roundUp(offset, align)
}

/**
 * Field indexes in the order that packs best: alignment descending, and
 * otherwise as written. A size is a multiple of its alignment, so fields of
 * one alignment leave no gap between them in any order: keeping theirs
 * changes the least.
 */
export function packedOrder(fields: readonly TypeLayout[]): number[] {
  return fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => b.f.align - a.f.align || a.i - b.i)
    .map((x) => x.i)
}

function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align
}
