import type { Rule, SgNode } from '@ast-grep/napi'

/** One named matcher of one rule, ready for the shared walk. */
export interface MatcherEntry {
  /** Which rule asked (an index the caller chooses). */
  owner: number
  name: string
  rule: Rule
}

export interface ScanResult {
  /** The first ERROR node, when the scan was asked to look for one. */
  error: SgNode | null
  /** The nodes each entry matched, in document order, parallel to the entries. */
  nodes: SgNode[][]
}

/**
 * Finds the nodes of many matchers in one walk of the tree. Each findAll is
 * a full walk, so a dozen rules searching separately cost a dozen walks; one
 * `any` over all their rules costs one. A node that several matchers of its
 * kind could have selected is checked against each of them.
 */
export function scanTree(root: SgNode, entries: readonly MatcherEntry[], findError: boolean): ScanResult {
  const result: ScanResult = { error: null, nodes: entries.map(() => []) }
  const branches: Rule[] = entries.map((e) => e.rule)
  if (findError) branches.push({ kind: 'ERROR' })
  if (branches.length === 0) return result
  const byKind = new Map<string, number[]>()
  const anyKind: number[] = []
  entries.forEach((e, i) => {
    const kinds = kindsOf(e.rule)
    if (kinds === null) anyKind.push(i)
    else for (const k of kinds) byKind.set(k, [...(byKind.get(k) ?? []), i])
  })
  const candidatesCache = new Map<string, number[]>()
  for (const node of root.findAll({ rule: branches.length === 1 ? branches[0] : { any: branches } })) {
    const kind = node.kind() as string
    if (findError && kind === 'ERROR') {
      result.error = node
      return result
    }
    let candidates = candidatesCache.get(kind)
    if (!candidates) {
      candidates = [...(byKind.get(kind) ?? []), ...anyKind].sort((a, b) => a - b)
      candidatesCache.set(kind, candidates)
    }
    if (candidates.length === 1) {
      result.nodes[candidates[0]].push(node)
      continue
    }
    // Several matchers could have selected this node: ask each. Most rules are simple
    // enough to check here; ast-grep's own check compiles the rule again for every node.
    const view = new NodeView(node, kind)
    for (const i of candidates) {
      if (view.satisfies(entries[i].rule) ?? node.matches({ rule: entries[i].rule })) result.nodes[i].push(node)
    }
  }
  return result
}

/**
 * A node with the answers to the questions rules ask of it kept, so several
 * rules testing one node cost one native call per question.
 */
class NodeView {
  private children?: NodeView[]
  private fields = new Map<string, NodeView[]>()
  private textCache?: string
  constructor(
    readonly node: SgNode,
    private kindCache?: string,
  ) {}

  kind(): string {
    return (this.kindCache ??= this.node.kind() as string)
  }

  text(): string {
    return (this.textCache ??= this.node.text())
  }

  /** Whether the node satisfies `rule`, or undefined when the rule uses more than kind, regex, has, any, all and not. */
  satisfies(rule: Rule): boolean | undefined {
    let answer = true
    for (const [key, value] of Object.entries(rule)) {
      if (value === undefined) continue
      let ok: boolean | undefined
      switch (key) {
        case 'kind':
          ok = this.kind() === value
          break
        case 'regex': {
          const re = simpleRegex(value as string)
          ok = re === null ? undefined : re.test(this.text())
          break
        }
        case 'has':
          ok = this.has(value as Rule & { field?: string; stopBy?: unknown })
          break
        case 'any':
          ok = this.some(value as Rule[], true)
          break
        case 'all':
          ok = this.some(value as Rule[], false)
          break
        case 'not': {
          const inner = this.satisfies(value as Rule)
          ok = inner === undefined ? undefined : !inner
          break
        }
        default:
          return undefined
      }
      if (ok === undefined) return undefined
      if (!ok) answer = false
      if (!answer) return false
    }
    return answer
  }

  /** `any` (some) or `all` (every) of the rules. */
  private some(rules: Rule[], any: boolean): boolean | undefined {
    let unknown = false
    for (const r of rules) {
      const ok = this.satisfies(r)
      if (ok === undefined) unknown = true
      else if (ok === any) return any
    }
    return unknown ? undefined : !any
  }

  private has(rule: Rule & { field?: string; stopBy?: unknown }): boolean | undefined {
    if (rule.stopBy !== undefined && rule.stopBy !== 'neighbor') return undefined
    const { field, stopBy: _, ...inner } = rule
    const candidates = field === undefined ? this.allChildren() : this.fieldChildren(field)
    let unknown = false
    for (const c of candidates) {
      const ok = c.satisfies(inner)
      if (ok === true) return true
      if (ok === undefined) unknown = true
    }
    return unknown ? undefined : false
  }

  private allChildren(): NodeView[] {
    return (this.children ??= this.node.children().map((c) => new NodeView(c)))
  }

  private fieldChildren(name: string): NodeView[] {
    let list = this.fields.get(name)
    if (!list) {
      list = this.node.fieldChildren(name as never).map((c) => new NodeView(c as SgNode))
      this.fields.set(name, list)
    }
    return list
  }
}

/**
 * The JavaScript form of an ast-grep (Rust) regex when both read it the same
 * way: literal text, groups, alternation, anchors, `.`, bracketed ASCII sets
 * and quantifiers. Anything else is left to ast-grep.
 */
const regexCache = new Map<string, RegExp | null>()
function simpleRegex(source: string): RegExp | null {
  let re = regexCache.get(source)
  if (re === undefined) {
    re = /^(?:[A-Za-z0-9_ ^$|()*+?.,:;=!<>&%"'#@~/-]|\[.()[\]*+?|^${}]|\[[](?:[A-Za-z0-9_.()*+?|^$-]|\[.()[\]])*[\]])*$/.test(source) ? new RegExp(source) : null
    regexCache.set(source, re)
  }
  return re
}

/** The node kinds a rule can match, or null when the rule does not say. */
export function kindsOf(rule: Rule): Set<string> | null {
  if (typeof rule.kind === 'string') return new Set([rule.kind])
  if (rule.any) {
    const out = new Set<string>()
    for (const r of rule.any) {
      const k = kindsOf(r)
      if (k === null) return null
      for (const x of k) out.add(x)
    }
    return out
  }
  for (const r of rule.all ?? []) {
    const k = kindsOf(r)
    if (k !== null) return k
  }
  return null
}
