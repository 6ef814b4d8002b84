const PLACEHOLDER = /"\\u0000items:(\w+)"/g

/** Stands in the skeleton for an array whose items `jsonChunks` writes one at a time. */
export function itemsOf(name: string): string {
  return `\u0000items:${name}`
}

/**
 * The text `JSON.stringify(doc, null, 2)` gives, plus a newline, in pieces:
 * the skeleton holds `itemsOf(name)` where a large array goes, and its items
 * come from `items[name]` one by one, so the whole document never has to be
 * one string (or one object) in memory.
 */
export function* jsonChunks(skeleton: unknown, items: Record<string, Iterable<unknown>>): Generator<string> {
  const text = JSON.stringify(skeleton, null, 2) + '\n'
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    yield text.slice(last, m.index)
    const indent = /^ */.exec(text.slice(text.lastIndexOf('\n', m.index) + 1))![0]
    const pad = indent + '  '
    let first = true
    for (const item of items[m[1]] ?? []) {
      const json = JSON.stringify(item, null, 2) ?? 'null'
      yield (first ? '[\n' : ',\n') + pad + json.replace(/\n/g, '\n' + pad)
      first = false
    }
    yield first ? '[]' : `\n${indent}]`
    last = m.index + m[0].length
  }
  yield text.slice(last)
}

/** Joins small pieces into blocks of about `size` characters, for fewer, larger writes. */
export function* inBlocks(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let block = ''
  for (const c of chunks) {
    block += c
    if (block.length >= size) {
      yield block
      block = ''
    }
  }
  if (block) yield block
}
