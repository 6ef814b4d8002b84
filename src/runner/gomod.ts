import { readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { goDirectiveOf, modulePathOf, requiredModulesOf, type GoVersion } from '../engine/go-version.js'

export interface ModuleInfo {
  version: GoVersion | undefined
  modulePath: string | undefined
  /** Directory of the go.mod, when there is one. */
  root: string | undefined
  /** Required modules and their versions (`github.com/pkg/errors` → `v0.9.1`). */
  requires: ReadonlyMap<string, string>
}

const NONE: ModuleInfo = { version: undefined, modulePath: undefined, root: undefined, requires: new Map() }

/** Finds the nearest go.mod above a directory; one read per directory per run. */
export class GoModCache {
  private readonly byDir = new Map<string, ModuleInfo>()

  lookup(dir: string): ModuleInfo {
    const cached = this.byDir.get(dir)
    if (cached) return cached
    let info: ModuleInfo
    let text: string | undefined
    try {
      text = readFileSync(join(dir, 'go.mod'), 'utf8')
    } catch {
      text = undefined
    }
    if (text !== undefined) info = { version: goDirectiveOf(text), modulePath: modulePathOf(text), root: dir, requires: requiredModulesOf(text) }
    else {
      const parent = dirname(dir)
      info = parent === dir ? NONE : this.lookup(parent)
    }
    this.byDir.set(dir, info)
    return info
  }
}

/** The import path of the package in `dir`, from the module path and the go.mod location. */
export function importPathOf(info: ModuleInfo, dir: string): string | undefined {
  if (!info.root || !info.modulePath) return undefined
  const rel = relative(info.root, dir).split(sep).join('/')
  return rel ? `${info.modulePath}/${rel}` : info.modulePath
}
