import { execFileSync } from 'node:child_process'
import { delimiter, dirname, join, relative, sep } from 'node:path'
import { GoModCache, importPathOf } from './gomod.js'

/** The packages the go command must be run on together: one module, or the code outside any module. */
export interface PackageGroup {
  /** Where the go command runs: the module root, or the common parent of GOPATH-era directories. */
  cwd: string
  /** No go.mod above these directories: they are checked in GOPATH mode. */
  gopath: boolean
  dirs: string[]
  importPaths: Map<string, string>
  /** GOPATH-era directories that lie outside every GOPATH/src, whose own imports may not resolve. */
  outsideGopath: Set<string>
}

/** GOPATH entries as the user's go command sees them. */
function gopathRoots(go: string): string[] {
  try {
    const out = execFileSync(go, ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return out.split(delimiter).filter(Boolean)
  } catch {
    return []
  }
}

function commonParent(dirs: readonly string[]): string {
  let common = dirs[0]
  for (const d of dirs) {
    while (common !== d && !d.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common)
  }
  return common
}

/** Groups package directories by the module they belong to (nearest go.mod), GOPATH-era ones apart. */
export function groupByModule(go: string, dirs: readonly string[]): PackageGroup[] {
  const mods = new GoModCache()
  const modules = new Map<string, PackageGroup>()
  const loose: string[] = []
  for (const dir of dirs) {
    const info = mods.lookup(dir)
    if (!info.root) {
      loose.push(dir)
      continue
    }
    let group = modules.get(info.root)
    if (!group) modules.set(info.root, (group = { cwd: info.root, gopath: false, dirs: [], importPaths: new Map(), outsideGopath: new Set() }))
    group.dirs.push(dir)
    group.importPaths.set(dir, importPathOf(info, dir) ?? dir)
  }
  const groups = [...modules.values()]
  if (loose.length > 0) {
    const roots = gopathRoots(go).map((r) => join(r, 'src'))
    const group: PackageGroup = { cwd: commonParent(loose), gopath: true, dirs: loose, importPaths: new Map(), outsideGopath: new Set() }
    for (const dir of loose) {
      const root = roots.find((r) => dir.startsWith(r + sep))
      // Outside GOPATH the go command names a directory's package "_" followed by its path.
      group.importPaths.set(dir, root ? relative(root, dir).split(sep).join('/') : `_${dir.split(sep).join('/')}`)
      if (!root) group.outsideGopath.add(dir)
    }
    groups.push(group)
  }
  return groups
}
