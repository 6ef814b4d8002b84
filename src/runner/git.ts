import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

function git(args: string[], cwd: string): string | null {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  return r.status === 0 ? r.stdout : null
}

export class GitError extends Error {}

/** Top directory of the git work tree holding `cwd`, or null outside git. */
export function gitTopLevel(cwd: string): string | null {
  const out = git(['rev-parse', '--show-toplevel'], cwd)
  return out ? out.trim() : null
}

/** Go files changed since `rev` (committed, staged, unstaged) plus untracked ones, as absolute paths. */
export function changedSince(rev: string, cwd: string): Set<string> {
  const top = gitTopLevel(cwd)
  if (!top) throw new GitError('--since needs a git work tree')
  if (git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], top) === null) throw new GitError(`--since: unknown git revision "${rev}"`)
  const diff = git(['diff', '--name-only', '-z', rev, '--'], top) ?? ''
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z'], top) ?? ''
  const out = new Set<string>()
  for (const name of [...diff.split('\0'), ...untracked.split('\0')]) if (name.endsWith('.go')) out.add(resolve(top, name))
  return out
}

/** Target files with uncommitted changes (modified, staged or untracked); empty outside git. */
export function dirtyFiles(paths: readonly string[], cwd: string): Set<string> {
  const top = gitTopLevel(cwd)
  if (!top) return new Set()
  const out = git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths.map((p) => resolve(cwd, p))], top)
  const dirty = new Set<string>()
  if (!out) return dirty
  const entries = out.split('\0')
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]
    if (e.length < 4) continue
    const status = e.slice(0, 2)
    dirty.add(resolve(top, e.slice(3)))
    if (status.startsWith('R') || status.startsWith('C')) i++
  }
  return dirty
}
