import type { NapiConfig, SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from './types.js'
import type { YamlCodemod } from './schema.js'
import { indentationAt } from '../gosyntax/nodes.js'
import { defaultImportName } from '../engine/imports.js'

const METAVAR = /(\$\$\$[A-Z_][A-Z0-9_]*|\$[A-Z_][A-Z0-9_]*)/g

/** Text a metavariable captured; `$$$X` keeps the source between its first and last node. */
function captured(node: SgNode, source: string, token: string): string {
  if (token.startsWith('$$$')) {
    const nodes = node.getMultipleMatches(token.slice(3))
    if (nodes.length === 0) return ''
    return source.slice(nodes[0].range().start.index, nodes[nodes.length - 1].range().end.index)
  }
  const name = token.slice(1)
  return node.getMatch(name)?.text() ?? node.getTransformed(name) ?? ''
}

export function expandTemplate(template: string, node: SgNode, source: string): string {
  return template.replace(METAVAR, (token) => captured(node, source, token))
}

/**
 * ast-grep re-indents multi-line fixes with spaces; gofmt code uses tabs, so
 * later lines of a fix take the indentation of the line the match starts on.
 */
export function reindent(text: string, indentation: string): string {
  return text.replace(/\n(?!\n)/g, `\n${indentation}`)
}

/** Turns a validated YAML codemod into the same shape as a TypeScript one. */
export function codemodFromYaml(doc: YamlCodemod, file: string): CodemodModule {
  const g = doc.guidefix
  const config: NapiConfig = {
    rule: doc.rule as NapiConfig['rule'],
    constraints: doc.constraints as NapiConfig['constraints'],
    utils: doc.utils as NapiConfig['utils'],
    transform: doc.transform,
  }
  const template = doc.fix === undefined ? undefined : typeof doc.fix === 'string' ? doc.fix : doc.fix.template
  const imports = g.imports ?? []
  const removals = g.removeImports ?? []
  return {
    meta: {
      id: doc.id,
      section: g.section,
      tier: g.tier as CodemodModule['meta']['tier'],
      message: doc.message,
      rationale: g.rationale,
      useInstead: g.useInstead,
      fixSafety: g.fixSafety,
      goVersion: g.goVersion,
      examples: g.examples,
      source: { kind: 'yaml', file },
    },
    // `/…/` entries are regular expressions, the rest literal text.
    // A rule that skips tests can be told to include them, per rule, as TypeScript rules can.
    defaultOptions: g.skipTests ? { includeTests: false } : undefined,
    prefilter: g.prefilter?.map((t) => (t.length > 2 && t.startsWith('/') && t.endsWith('/') ? new RegExp(t.slice(1, -1), 'm') : t)),
    check(ctx: RuleContext) {
      if (g.skipTests && ctx.isTest && ctx.options.includeTests !== true) return
      for (const node of ctx.root.findAll(config)) {
        const message = expandTemplate(doc.message, node, ctx.source)
        if (template === undefined) {
          ctx.report({ node, message })
          continue
        }
        let text = template.replace(/\n$/, '')
        let usable = true
        for (const path of imports) {
          const name = ctx.importName(path, node)
          if (name === null) usable = false
          else if (name !== defaultImportName(path)) text = text.replace(new RegExp(`\\b${defaultImportName(path)}\\.`, 'g'), `${name}.`)
        }
        if (!usable) {
          ctx.report({ node, message })
          continue
        }
        const r = node.range()
        const newText = reindent(expandTemplate(text, node, ctx.source), indentationAt(ctx.source, r.start.index))
        ctx.report({ node, message, fix: { edits: [{ start: r.start.index, end: r.end.index, text: newText }], imports, removeImportsIfUnused: removals } })
      }
    },
  }
}
