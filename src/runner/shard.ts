import { relative, sep } from 'node:path'

export interface Shard {
  index: number // 1-based
  count: number
}

export function parseShard(text: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  if (!m) return null
  const index = Number(m[1])
  const count = Number(m[2])
  return index >= 1 && count >= 1 && index <= count ? { index, count } : null
}

/** FNV-1a: stable across machines and Node versions, unlike anything seeded. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Whether a package directory belongs to this shard; whole packages stay together. */
export function inShard(dir: string, cwd: string, shard: Shard): boolean {
  const key = relative(cwd, dir).split(sep).join('/') || '.'
  return fnv1a(key) % shard.count === shard.index - 1
}
