import type { SgNode } from '@ast-grep/napi'
import { parseGo } from '../gosyntax/parse.js'
import { namedChildren } from '../gosyntax/nodes.js'

/** Where a named node sits in its file, enough to find it again in another parse of the same text. */
export interface NodeAnchor {
  start: number
  end: number
  kind: string
}

export function anchorOf(node: SgNode): NodeAnchor {
  const r = node.range()
  return { start: r.start.index, end: r.end.index, kind: node.kind() as string }
}

interface Entry {
  text: string
  root: SgNode
  /** Nodes found again by anchor in this tree, so that asking twice gives the same node. */
  found: Map<string, SgNode | null>
}

/**
 * The parsed trees of one package, kept while their source adds up to no
 * more than a budget and dropped least recently used first. A tree takes
 * some 35 times its source in native memory, so a package of hundreds of
 * files would otherwise hold every tree at once; a dropped tree is parsed
 * again when asked for. Pinned files (the one being analysed) always stay,
 * so the nodes a rule holds and the nodes it looks up agree.
 */
export class TreeCache {
  private readonly entries = new Map<string, Entry>()
  private readonly pinned = new Set<string>()
  private chars = 0
  private dropped = 0

  constructor(private readonly budget: number = Infinity) {}

  /** The tree of `path` parsed from `text`, from memory when it is kept. */
  root(path: string, text: string): SgNode {
    const known = this.entries.get(path)
    if (known && known.text === text) {
      this.entries.delete(path)
      this.entries.set(path, known)
      return known.root
    }
    const root = parseGo(text).root()
    this.put(path, text, root)
    return root
  }

  /** Whether the tree of `path` for `text` is in memory. */
  holds(path: string, text: string): boolean {
    return this.entries.get(path)?.text === text
  }

  /** Keeps a tree parsed elsewhere (checking a fix) for the next analysis. */
  put(path: string, text: string, root: SgNode): void {
    this.forget(path)
    this.entries.set(path, { text, root, found: new Map() })
    this.chars += text.length
    this.trim()
  }

  forget(path: string): void {
    const known = this.entries.get(path)
    if (!known) return
    this.entries.delete(path)
    this.chars -= known.text.length
  }

  /**
   * The source size of the trees dropped for the budget since the last call:
   * their memory comes back once their wrappers are collected.
   */
  takeDropped(): number {
    const n = this.dropped
    this.dropped = 0
    return n
  }

  /** The node at `anchor` in the tree of `path`, the same node each time while the tree is kept. */
  nodeAt(path: string, text: string, anchor: NodeAnchor): SgNode | null {
    const root = this.root(path, text)
    const found = this.entries.get(path)?.found
    const key = `${anchor.start}:${anchor.end}:${anchor.kind}`
    const known = found?.get(key)
    if (known !== undefined) return known
    const node = descend(root, anchor)
    found?.set(key, node)
    return node
  }

  pin(path: string): void {
    this.pinned.add(path)
  }

  unpin(path: string): void {
    this.pinned.delete(path)
    this.trim()
  }

  /**
   * Drops the least recently used trees over the budget. The latest stays,
   * however large, unless the budget is 0 (which keeps pinned trees only,
   * and makes every other tree be parsed again each time it is asked for).
   */
  private trim(): void {
    if (this.chars <= this.budget) return
    const latest = this.budget > 0 ? [...this.entries.keys()].pop() : undefined
    for (const path of [...this.entries.keys()]) {
      if (this.chars <= this.budget) break
      if (path === latest || this.pinned.has(path)) continue
      this.dropped += this.entries.get(path)!.text.length
      this.forget(path)
    }
  }
}

/** Walks down from the root through the named children that contain the anchor. */
function descend(root: SgNode, anchor: NodeAnchor): SgNode | null {
  let node: SgNode | undefined = root
  while (node) {
    const r = node.range()
    if (r.start.index === anchor.start && r.end.index === anchor.end && node.kind() === anchor.kind) return node
    node = namedChildren(node).find((c) => {
      const cr = c.range()
      return cr.start.index <= anchor.start && anchor.end <= cr.end.index && cr.end.index > cr.start.index
    })
  }
  return null
}
