import type { Rule, SgNode } from '@ast-grep/napi'
import type { GoVersion } from '../engine/go-version.js'
import type { PackageIndex } from '../engine/package-index.js'

/** How far a rule's fix may be trusted; the tier belongs to the rule, not the caller. */
export type Tier = 'safe' | 'suggest' | 'detect'

export const TIERS: readonly Tier[] = ['safe', 'suggest', 'detect']

/**
 * Go version window in which a rule runs. `min` is inclusive, `max` exclusive:
 * `{ max: '1.22' }` means "only below Go 1.22".
 */
export interface GoVersionGate {
  min?: string
  max?: string
}

export interface CodemodExample {
  /** Go source (a fragment or a whole file) the rule must report. */
  bad: string
  /** What the fix makes of it, when the rule fixes. */
  good?: string
}

/** Everything a rule says about itself; drives `rules`, `explain`, SARIF and the README. */
export interface CodemodMeta {
  id: string
  /** Guide section, written `§4`. */
  section: string
  tier: Tier
  /** One line: what is wrong at the reported place. */
  message: string
  /** Why the guide wants it otherwise (a short paragraph). */
  rationale: string
  /** What to write instead. */
  useInstead?: string
  /** When the fix is safe and when it is not. */
  fixSafety?: string
  goVersion?: GoVersionGate
  examples: CodemodExample[]
  /** Where the rule comes from: `yaml` or `ts`, and its file. */
  source?: { kind: 'yaml' | 'ts'; file: string }
}

export interface Edit {
  /** UTF-16 offsets into the file text. */
  start: number
  end: number
  text: string
  /** Another file of the same package (renames); defaults to the reported file. */
  path?: string
}

export interface FixSpec {
  edits: Edit[]
  /** Import paths the new code needs, added per file the edits touch. */
  imports?: string[]
  /** Import paths to drop if the fix leaves them unused. */
  removeImportsIfUnused?: string[]
  /** Lower the tier of this one fix (a safe rule offering a riskier variant). */
  tier?: Tier
}

export interface Report {
  /** The node (or offsets) the finding points at. */
  node: SgNode | { start: number; end: number }
  message?: string
  fix?: FixSpec
}

export interface RuleContext {
  readonly path: string
  readonly source: string
  readonly root: SgNode
  /** Undefined when no go.mod says it and no --go-version was given. */
  readonly goVersion: GoVersion | undefined
  readonly pkg: PackageIndex
  readonly isTest: boolean
  readonly options: Readonly<Record<string, unknown>>
  /** True with --rename-exported: renames may touch exported names. */
  readonly renameExported: boolean
  /** True when the Go version is known and at least `v` ("1.21"). */
  atLeast(v: string): boolean
  /**
   * The name under which `importPath` can be used at `node`: the existing
   * import's name, or the default name when it would be added. Null when that
   * name is shadowed there or bound to another package (unless that package
   * is known to offer the function `needs` too, as github.com/pkg/errors does `Is`
   * from v0.9.0 when go.mod requires such a version).
   */
  importName(importPath: string, node: SgNode, needs?: string): string | null
  report(r: Report): void
  /** The nodes the rule's matcher `name` found in this file, in document order. */
  matches(name: string): SgNode[]
}

/** Named ast-grep rules for the nodes a codemod's check() inspects. */
export type Matchers = Readonly<Record<string, Rule>>

export type Prefilter = string | RegExp | ((source: string, pkg: PackageIndex) => boolean)

/** A codemod written in TypeScript (or JavaScript). */
export interface CodemodModule {
  meta: CodemodMeta
  /**
   * Cheap tests on a file's text, of which at least one must pass for the
   * rule to have any chance of matching: a literal string it must contain, a
   * regular expression it must match, or a function of the text and the
   * package. Files that pass none skip the rule without being searched.
   */
  prefilter?: readonly Prefilter[]
  /**
   * The nodes check() inspects, as named ast-grep rules, or a function of
   * the file's text and package that builds them (null when nothing in the
   * file can match). The engine finds the nodes of every rule's matchers in
   * one walk of the tree and hands them over through ctx.matches(name); each
   * ctx.root.findAll costs a walk of its own.
   */
  matchers?: Matchers | ((source: string, pkg: PackageIndex) => Matchers | null)
  /** Default option values; users override them in `.guidefix.yml`. */
  defaultOptions?: Record<string, unknown>
  /**
   * Checks the options a user set for the rule, merged over the defaults,
   * before any file is read: one problem per bad key, such as
   * `allowInitialisms: must be a list of words`. A rule with defaults
   * accepts no other keys.
   */
  validateOptions?(options: Readonly<Record<string, unknown>>): string[]
  check(ctx: RuleContext): void
}

/** A loaded rule, whichever language it was written in. */
export interface Codemod extends CodemodModule {
  order: number
  /**
   * Loaded from the user's folders rather than built in: its check runs
   * under the file's time limit and is interrupted when it overruns it.
   */
  external?: boolean
}

export interface Position {
  line: number
  column: number
  index: number
}

export interface Finding {
  ruleId: string
  section: string
  tier: Tier
  path: string
  message: string
  /** 1-based line and column (UTF-16 units) like editors show. */
  start: Position
  end: Position
  /** True when the fix for this finding is part of the output. */
  fixed: boolean
  /** Set when the finding has a fix that this run did not apply, and why. */
  fixable?: 'safe' | 'suggest'
}
