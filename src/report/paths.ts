import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'

const repoRoots = new Map<string, string | null>()

/** The nearest folder at or above `dir` that holds a `.git` (a folder, or a file in a worktree), or null. */
function repoRootOf(dir: string): string | null {
  const known = repoRoots.get(dir)
  if (known !== undefined) return known
  const parent = dirname(dir)
  const root = existsSync(join(dir, '.git')) ? dir : parent === dir ? null : repoRootOf(parent)
  repoRoots.set(dir, root)
  return root
}

/** Where SARIF locations start: the git work tree holding `cwd`, or `cwd` itself outside git. */
export function repositoryRoot(cwd: string): string {
  return repoRootOf(cwd) ?? cwd
}

function inside(base: string, path: string): string | undefined {
  const rel = relative(base, path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined
}

/**
 * A path as the user should see it, one that can be pasted: relative to the
 * working directory when it holds the file, else relative to the file's git
 * repository (so `git apply` there takes a dry run's diff), else absolute;
 * always with forward slashes.
 */
export function displayPath(path: string, cwd: string): string {
  let shown = inside(cwd, path)
  if (shown === undefined) {
    const root = repoRootOf(dirname(path))
    shown = (root !== null ? inside(root, path) : undefined) ?? path
  }
  return shown.split(sep).join('/')
}
