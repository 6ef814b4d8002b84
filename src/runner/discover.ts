import { readdirSync, readFileSync, statSync, existsSync, lstatSync, type Stats } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { describeErrno } from './errno.js'

export type DirSkipReason = 'vendor' | 'testdata' | 'hidden' | 'gitignored'

export interface PackageTask {
  /** Absolute directory. */
  dir: string
  /** Absolute paths of the files to report on. */
  targets: string[]
  /** Other .go files of the directory, read for context (renames must see them). */
  context: string[]
}

/** A path that could not be taken, and why in a few words. */
export interface PathProblem {
  path: string
  reason: string
}

export interface Discovery {
  packages: PackageTask[]
  skippedDirs: Record<DirSkipReason, number>
  /** Symbolic links met while walking directories: never followed, so a fix never writes through one. */
  symlinks: number
  /** Paths given on the command line that cannot be taken, and directories that cannot be read. */
  problems: PathProblem[]
  /** Go files named on the command line (absolute): one of them left unchecked is an error, not a skip. */
  named: string[]
}

interface Matcher {
  base: string
  ig: Ignore
}

function readIgnore(dir: string): Matcher | null {
  const file = join(dir, '.gitignore')
  if (!existsSync(file)) return null
  try {
    return { base: dir, ig: ignore().add(readFileSync(file, 'utf8')) }
  } catch {
    return null
  }
}

function isIgnored(matchers: Matcher[], path: string, isDir: boolean): boolean {
  for (const m of matchers) {
    const rel = relative(m.base, path).split(sep).join('/')
    if (!rel || rel.startsWith('..')) continue
    if (m.ig.ignores(isDir ? `${rel}/` : rel)) return true
  }
  return false
}

/** .gitignore files from the repository root down to `dir` (exclusive of deeper ones). */
function ancestorMatchers(dir: string): Matcher[] {
  const chain: string[] = []
  let cur = dir
  for (;;) {
    chain.unshift(cur)
    if (existsSync(join(cur, '.git'))) break
    const parent = dirname(cur)
    if (parent === cur) return readIgnore(dir) ? [readIgnore(dir)!] : []
    cur = parent
  }
  return chain.map(readIgnore).filter((m): m is Matcher => m !== null)
}

function dirSkipReason(name: string): DirSkipReason | null {
  if (name === 'vendor') return 'vendor'
  if (name === 'testdata') return 'testdata'
  if (name.startsWith('.') || name.startsWith('_')) return 'hidden'
  return null
}

/**
 * Finds the Go packages to process under the given paths. Directories are
 * walked as the go tool would (no vendor, testdata, dot or underscore
 * directories) and honour .gitignore; files named explicitly are always taken.
 */
export function discover(paths: readonly string[], exclude: readonly string[] = [], cwd = process.cwd()): Discovery {
  const excluded: Matcher[] = exclude.length > 0 ? [{ base: cwd, ig: ignore().add([...exclude]) }] : []
  const byDir = new Map<string, { targets: Set<string> }>()
  const skippedDirs: Record<DirSkipReason, number> = { vendor: 0, testdata: 0, hidden: 0, gitignored: 0 }
  const problems: PathProblem[] = []
  const named: string[] = []
  let symlinks = 0
  const add = (file: string) => {
    const dir = dirname(file)
    const entry = byDir.get(dir) ?? { targets: new Set<string>() }
    entry.targets.add(file)
    byDir.set(dir, entry)
  }

  const walk = (dir: string, matchers: Matcher[]) => {
    const own = readIgnore(dir)
    const active = own && !matchers.some((m) => m.base === dir) ? [...matchers, own] : matchers
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the directory: ${describeErrno(e)}` })
      return
    }
    for (const e of entries) {
      const full = join(dir, e.name)
      // A link may lead anywhere (outside the paths given, or round in a loop): it is counted, never followed.
      if (e.isSymbolicLink()) {
        if (e.name.endsWith('.go') || (!dirSkipReason(e.name) && leadsToDirectory(full))) symlinks++
      } else if (e.isDirectory()) {
        const reason = dirSkipReason(e.name)
        if (reason) skippedDirs[reason]++
        else if (isIgnored(active, full, true)) skippedDirs.gitignored++
        else walk(full, active)
      } else if (e.isFile() && e.name.endsWith('.go')) {
        if (isIgnored(active, full, false)) skippedDirs.gitignored++
        else add(full)
      }
    }
  }

  for (const p of paths) {
    const abs = resolve(cwd, p)
    let st: Stats
    let link: Stats
    try {
      link = lstatSync(abs)
      st = link.isSymbolicLink() ? statSync(abs) : link
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      const reason = code === 'ENOENT' && existsLink(abs) ? 'a broken symbolic link' : code === 'ELOOP' ? 'a symbolic link loop' : describeErrno(e)
      problems.push({ path: p, reason })
      continue
    }
    if (st.isDirectory()) {
      // A directory named on the command line is wanted even if an enclosing .gitignore lists it.
      const ancestors = ancestorMatchers(abs)
      walk(abs, isIgnored(ancestors, abs, true) ? excluded : [...excluded, ...ancestors])
    } else if (link.isSymbolicLink()) {
      // Writing through a link would change a file outside the paths given (and outside the dirty-tree check).
      problems.push({ path: p, reason: 'a symbolic link; guidefix reads and writes regular files only, name the file it points to' })
    } else if (st.isFile() && abs.endsWith('.go')) {
      add(abs)
      named.push(abs)
    } else problems.push({ path: p, reason: st.isFile() ? 'not a .go file' : 'not a regular file or directory' })
  }

  const packages: PackageTask[] = []
  for (const [dir, { targets }] of [...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let siblings: string[] = []
    try {
      siblings = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.go'))
        .map((e) => join(dir, e.name))
    } catch {
      /* the targets alone, then */
    }
    packages.push({ dir, targets: [...targets].sort(), context: siblings.filter((s) => !targets.has(s)).sort() })
  }
  return { packages, skippedDirs, symlinks, problems, named }
}

function leadsToDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function existsLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
