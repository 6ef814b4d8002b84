import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { ImporterSource } from '../engine/importer-uses.js'
import { displayPath } from '../report/paths.js'
import { describeSkip, loadSourceFile, textForMentions } from './source-file.js'
import type { ModuleInfo } from './gomod.js'
import { goModDirectives } from '../engine/go-version.js'

/**
 * Where the packages of a module are imported from, found by text alone:
 * every Go file the go command would build with the module (`./...`, plus
 * modules that build against this one's directory: those, nested in it or
 * above it, whose go.mod replaces it with it, and those a go.work uses with
 * it), indexed by the
 * import paths under the module path that it quotes. Built once per module
 * and process, the first time a rename of an exported name asks.
 */
interface ModuleScan {
  /** Files by each import path of the module they quote (an import, or any string that spells it). */
  byImport: Map<string, string[]>
  /** Files and directories that could not be read: any of them may import any package. */
  unreadable: { path: string; reason: string }[]
}

const scans = new Map<string, ModuleScan>()

/** Drops what earlier runs in this process found: worker processes live for one run, the main process may see several. */
export function forgetModuleScans(): void {
  scans.clear()
}

/**
 * The files outside `dir` that may import the package in `dir`: those whose
 * text quotes its import path, read as source, and those that could not be
 * read at all.
 */
export function importerSources(mod: ModuleInfo, dir: string, importPath: string, cwd: string, maxBytes: number): ImporterSource[] {
  if (!mod.root || !mod.modulePath) return []
  let scan = scans.get(mod.root)
  if (!scan) scans.set(mod.root, (scan = scanModule(mod.root, mod.modulePath)))
  const out: ImporterSource[] = scan.unreadable.map((u) => ({ path: u.path, display: displayPath(u.path, cwd), unreadable: u.reason }))
  // In path order, so that a message names the same files whatever order the directories were read in.
  for (const path of [...(scan.byImport.get(importPath) ?? [])].sort()) {
    if (dirname(path) === dir) continue
    const display = displayPath(path, cwd)
    const loaded = loadSourceFile(path, maxBytes)
    if (loaded.ok) out.push({ path, display, text: loaded.file.text, frozen: loaded.file.generated ? 'is generated code' : undefined })
    else out.push({ path, display, unreadable: describeSkip(loaded.reason), text: textForMentions(path) })
  }
  return out
}

function scanModule(root: string, modulePath: string): ModuleScan {
  const scan: ModuleScan = { byImport: new Map(), unreadable: [] }
  // Files are read as Latin-1, so the module path is searched for as the same bytes.
  const bytes = Buffer.from(modulePath, 'utf8').toString('latin1')
  const quoted = new RegExp(`(["\`])(${bytes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/[^"\`\\s\\\\]*)?)\\1`, 'g')
  const seen = new Set<string>()
  const walk = (dir: string): void => {
    if (seen.has(dir)) return
    seen.add(dir)
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      scan.unreadable.push({ path: dir, reason: 'is a directory that could not be read' })
      return
    }
    for (const e of entries) {
      const path = join(dir, e.name)
      if (e.isDirectory()) {
        if (e.name === 'vendor' || e.name === 'testdata' || e.name.startsWith('.') || e.name.startsWith('_')) continue
        // Another module: built against this directory only when its go.mod replaces this module with it.
        if (existsSync(join(path, 'go.mod')) && !replacesWith(path, modulePath, root)) continue
        walk(path)
      } else if (e.name.endsWith('.go') && (e.isFile() || e.isSymbolicLink())) {
        let text: string
        try {
          text = readFileSync(path, 'latin1')
        } catch {
          scan.unreadable.push({ path, reason: 'could not be read' })
          continue
        }
        if (!text.includes(bytes)) continue
        const paths = new Set([...text.matchAll(quoted)].map((m) => Buffer.from(m[2], 'latin1').toString('utf8')))
        for (const p of paths) {
          const list = scan.byImport.get(p)
          if (list) list.push(path)
          else scan.byImport.set(p, [path])
        }
      }
    }
  }
  for (const dir of [root, ...workspacePeers(root), ...replacingAncestors(root, modulePath)]) walk(dir)
  return scan
}

/** Whether the module in `dir` replaces `modulePath` with the directory `target`. */
function replacesWith(dir: string, modulePath: string, target: string): boolean {
  let text: string
  try {
    text = readFileSync(join(dir, 'go.mod'), 'utf8')
  } catch {
    return false
  }
  return goModDirectives(text, 'replace').some((args) => {
    const arrow = args.indexOf('=>')
    const to = args[arrow + 1]
    if (arrow < 1 || args[0] !== modulePath || !to) return false
    return (to.startsWith('./') || to.startsWith('../') || isAbsolute(to) || to === '.' || to === '..') && resolve(dir, to) === target
  })
}

/** Modules in directories above `root` whose go.mod replaces `modulePath` with it: they build against it. */
function replacingAncestors(root: string, modulePath: string): string[] {
  const out: string[] = []
  for (let dir = root; dirname(dir) !== dir; ) {
    dir = dirname(dir)
    if (existsSync(join(dir, 'go.mod')) && replacesWith(dir, modulePath, root)) out.push(dir)
  }
  return out
}

/**
 * The other modules of the go.work above `root` that uses it: in that
 * workspace they build against this directory. None without a go.work.
 */
function workspacePeers(root: string): string[] {
  for (let dir = root; ; ) {
    const file = join(dir, 'go.work')
    if (existsSync(file)) {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        return []
      }
      const used = goModDirectives(text, 'use').map((args) => resolve(dir, args[0]))
      return used.includes(root) ? used.filter((d) => d !== root) : []
    }
    const parent = dirname(dir)
    if (parent === dir) return []
    dir = parent
  }
}
