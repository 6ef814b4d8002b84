import { join, relative, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import type { RunSettings } from './types.js'

/** Rule settings for some packages of the tree, from `overrides:` in .guidefix.yml. */
export interface RuleOverride {
  /** The folder `paths` are relative to: the configuration file's. */
  base: string
  /** .gitignore-style patterns naming package folders. */
  paths: string[]
  /** When given, only these rules run there. */
  rules?: string[]
  /** Rules left out there, on top of the run's. */
  skip?: string[]
  /** Rule options there, over the run's. */
  options?: Record<string, Record<string, unknown>>
}

const matchers = new WeakMap<RuleOverride, Ignore>()

/**
 * Whether an override covers the package in `dir`: its patterns match the
 * folder or a file directly in it (so `cmd`, `cmd/` and `cmd/**` all cover
 * cmd and the packages below it). Overrides act on whole packages, the unit
 * every rule sees.
 */
function covers(o: RuleOverride, dir: string): boolean {
  const rel = relative(o.base, dir).split(sep).join('/')
  if (rel.startsWith('..')) return false
  let ig = matchers.get(o)
  if (!ig) {
    ig = ignore().add(o.paths)
    matchers.set(o, ig)
  }
  return rel === '' ? ig.ignores('x.go') : ig.ignores(`${rel}/`) || ig.ignores(join(rel, 'x.go').split(sep).join('/'))
}

/** The settings for one package: the run's, with every override that covers it applied in order. */
export function settingsForPackage(settings: RunSettings, dir: string): RunSettings {
  const applying = (settings.overrides ?? []).filter((o) => covers(o, dir))
  if (applying.length === 0) return settings
  let { rules, skip, ruleOptions } = settings
  for (const o of applying) {
    if (o.rules) rules = o.rules
    if (o.skip) skip = [...skip, ...o.skip]
    if (o.options) {
      ruleOptions = { ...ruleOptions }
      for (const [id, opts] of Object.entries(o.options)) ruleOptions[id] = { ...ruleOptions[id], ...opts }
    }
  }
  return { ...settings, rules, skip, ruleOptions }
}
