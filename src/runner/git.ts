import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

function spawnGit(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}

function git(args: string[], cwd: string): string | null {
  const r = spawnGit(args, cwd)
  return r.status === 0 ? r.stdout : null
}

export class GitError extends Error {}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').replace(/^fatal: /, '').trim()
}

/**
 * Top directory of the git work tree holding `cwd`, or null outside git (or
 * without git installed). A repository git refuses to work in (one owned
 * by another user, which git calls "dubious ownership") is an error: taking
 * it for no repository would skip the check for uncommitted changes.
 */
export function gitTopLevel(cwd: string): string | null {
  const r = spawnGit(['rev-parse', '--show-toplevel'], cwd)
  if (r.error) return null
  if (r.status === 0) return r.stdout.trim()
  if (/not a git repository/i.test(r.stderr ?? '')) return null
  const hint = /dubious ownership/i.test(r.stderr ?? '') ? ` (if you trust it: git config --global --add safe.directory <path>)` : ''
  throw new GitError(`git refuses the repository holding ${cwd}: ${firstLine(r.stderr ?? '') || `git exited with ${r.status}`}${hint}`)
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

/** A named file stands for its whole directory: a fix to it may reach the other files of its package. */
function pathspecOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path)
  } catch {
    return path
  }
}

/**
 * Files with uncommitted changes (modified, staged or untracked) under the
 * given paths, and beside the files named among them (the rest of their
 * package, which a rename may change too); empty outside git.
 */
export function dirtyFiles(paths: readonly string[], cwd: string): Set<string> {
  const top = gitTopLevel(cwd)
  if (!top) return new Set()
  const specs = [...new Set(paths.map((p) => pathspecOf(resolve(cwd, p))))]
  const r = spawnGit(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...specs], top)
  if (r.error || r.status !== 0) throw new GitError(`git status failed in ${top}: ${firstLine(r.stderr ?? '') || r.error?.message || `git exited with ${r.status}`}`)
  const out = r.stdout
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
