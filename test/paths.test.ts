import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidefix, tempDir } from './helpers/cli.js'

const BAD = 'package m\n\nimport "io"\n\nfunc f(err error) bool {\n\treturn err == io.EOF\n}\n'

function repo(): string {
  const root = join(tempDir(), 'repo')
  mkdirSync(join(root, 'm'), { recursive: true })
  writeFileSync(join(root, 'go.mod'), 'module example.test\n\ngo 1.21\n')
  writeFileSync(join(root, 'm', 'broken.go'), BAD)
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' })
  git('init', '-q')
  git('add', '-A')
  git('-c', 'user.email=t@example.test', '-c', 'user.name=t', 'commit', '-qm', 'init')
  return root
}

function gitApplyCheck(root: string, patch: string) {
  return spawnSync('git', ['apply', '--check', '-'], { cwd: root, input: patch, encoding: 'utf8' })
}

describe('paths in diffs and findings', () => {
  it('a file outside the working directory is named relative to its repository, and git apply there takes the dry run', () => {
    const root = repo()
    const r = guidefix([root], tempDir())
    expect(r.stdout).toMatch(/^--- a\/m\/broken\.go\n\+\+\+ b\/m\/broken\.go$/m)
    expect(r.stdout).toMatch(/^m\/broken\.go:6:9 {2}error-is/m)
    const applied = gitApplyCheck(root, r.stdout)
    expect(applied.stderr).toBe('')
    expect(applied.status).toBe(0)
  })

  it('inside the working directory paths stay relative to it, and git apply takes the dry run', () => {
    const root = repo()
    const r = guidefix(['m'], root)
    expect(r.stdout).toMatch(/^--- a\/m\/broken\.go$/m)
    expect(gitApplyCheck(root, r.stdout).status).toBe(0)
  })

  it('outside any repository and the working directory, the path is absolute', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'go.mod'), 'module example.test\n\ngo 1.21\n')
    writeFileSync(join(dir, 'a.go'), BAD.replace('package m', 'package a'))
    const r = guidefix([dir], tempDir())
    expect(r.stdout).toContain(`${join(dir, 'a.go')}:6:9  error-is`)
    expect(r.stdout).not.toMatch(/a\/\.\.\//)
  })
})
