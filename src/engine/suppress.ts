import type { SgNode } from '@ast-grep/napi'
import { parseGo } from '../gosyntax/parse.js'
import { positionAt } from './positions.js'

/**
 * Inline suppression, on the reported line or the line above:
 *   //guidefix:ignore                 every rule
 *   //guidefix:ignore error-is,ids    the named rules
 *   //nolint:guidefix  //nolint:error-is
 *   //nolint:errorlint // reason      a linter that checks the same thing (LINTERS below)
 *   //nolint  //nolint:all            every linter, so every rule
 * A justification after the list (`// reason`) is allowed, as golangci-lint allows it.
 * Only comments are read: the same text inside a string literal is not a directive.
 */
const DIRECTIVE = /\/\/\s*(guidefix:ignore|nolint)(?::?\s*([\w,\- ]+))?/d

/** A comment that is only a `//guidefix:ignore` directive (and its reason): one that can be judged, and removed whole. */
const LEADING = /^\/\/\s*guidefix:ignore(?=\s|$)/

/**
 * The linters whose findings overlap each rule's: code that silences one of
 * them on a line has already decided about what the rule would say there.
 * One table, so that it can be read and kept in one place.
 */
export const LINTERS: Readonly<Record<string, readonly string[]>> = {
  'error-is': ['errorlint'],
  'error-as': ['errorlint'],
  'errorf-wrap': ['errorlint'],
  'error-string-compare': ['errorlint'],
  'ignored-error': ['errcheck', 'gosec'],
  'panic-on-error': [],
  'error-var-naming': ['errname', 'revive', 'stylecheck', 'golint'],
  'error-type-naming': ['errname'],
  'log-error-printf': [],
  'context-cancel-discarded': ['govet'],
  'context-string-key': ['staticcheck', 'revive', 'golint'],
  'context-in-struct': ['containedctx'],
  'context-first-param': ['contextcheck', 'revive', 'golint'],
}

/** One name of a directive's list, with where it is written. */
export interface DirectiveName {
  name: string
  start: number
  end: number
}

/** A suppression directive found in a comment. */
export interface Directive {
  kind: 'guidefix' | 'nolint'
  /** The names listed; none means every rule. */
  names: DirectiveName[]
  /** 1-based line of the directive: it covers that line and the next. */
  line: number
  /** The comment holding it (UTF-16 offsets). */
  start: number
  end: number
  /** The comment is a `//guidefix:ignore` directive from its first character: only such are judged unused. */
  leading: boolean
}

/** The directives of a file, from its comment nodes, in document order. */
export function findDirectives(source: string, root: SgNode): Directive[] {
  if (!source.includes('guidefix:ignore') && !source.includes('nolint')) return []
  const out: Directive[] = []
  for (const comment of root.findAll({ rule: { kind: 'comment' } })) {
    const text = comment.text()
    const m = DIRECTIVE.exec(text)
    if (!m) continue
    const range = comment.range()
    const start = range.start.index
    const group = m[2] ?? ''
    const groupAt = start + (m.indices?.[2]?.[0] ?? 0)
    // Words after ` -- ` give the reason (`//guidefix:ignore error-is -- baseline`), not rule names.
    const cut = ` ${group}`.indexOf(' -- ')
    const list = cut === -1 ? group : group.slice(0, Math.max(0, cut - 1))
    const names: DirectiveName[] = []
    for (const w of list.matchAll(/[^,\s]+/g)) names.push({ name: w[0], start: groupAt + w.index!, end: groupAt + w.index! + w[0].length })
    out.push({
      kind: m[1] === 'nolint' ? 'nolint' : 'guidefix',
      names,
      line: positionAt(source, start + m.index).line,
      start,
      end: range.end.index,
      leading: m[1] !== 'nolint' && LEADING.test(text),
    })
  }
  return out
}

function covers(d: Directive, ruleId: string): boolean {
  if (d.names.length === 0) return true
  if (d.kind === 'nolint') return d.names.some(({ name }) => name === 'guidefix' || name === 'all' || name === ruleId || (LINTERS[ruleId] ?? []).includes(name))
  return d.names.some(({ name }) => name === ruleId)
}

/**
 * The directives of one text, answering whether a finding is suppressed and
 * recording which directive suppressed which rule. A `//guidefix:ignore`
 * is preferred over a `//nolint` that covers the same finding, and the
 * reported line over the line above.
 */
export class Suppressions {
  private readonly byLine = new Map<number, number[]>()
  /** For each directive (by its index in `directives`), the rules whose findings it suppressed. */
  readonly used = new Map<number, Set<string>>()

  constructor(
    private readonly source: string,
    readonly directives: readonly Directive[],
  ) {
    directives.forEach((d, i) => this.byLine.set(d.line, [...(this.byLine.get(d.line) ?? []), i]))
  }

  suppresses(index: number, ruleId: string): boolean {
    if (this.directives.length === 0) return false
    const line = positionAt(this.source, index).line
    const near = [...(this.byLine.get(line) ?? []), ...(this.byLine.get(line - 1) ?? [])]
    const covering = near.filter((i) => covers(this.directives[i], ruleId))
    const hit = covering.find((i) => this.directives[i].kind === 'guidefix') ?? covering[0]
    if (hit === undefined) return false
    const rules = this.used.get(hit) ?? new Set<string>()
    rules.add(ruleId)
    this.used.set(hit, rules)
    return true
  }
}

/** Whether a finding of `ruleId` at `index` of a Go text is suppressed (parses the text: for one-off questions). */
export function isSuppressed(text: string, index: number, ruleId: string): boolean {
  return new Suppressions(text, findDirectives(text, parseGo(text).root())).suppresses(index, ruleId)
}
