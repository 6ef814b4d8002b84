import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { tempDir } from '../helpers/cli.js'

// Permission bits do not stop root, and the suite runs as root in CI: the
// file system answers EACCES here through a stand-in for node:fs instead,
// for the paths the test marks as locked.
const locked = new Set<string>()
const denied = (path: unknown) => Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES', syscall: 'open', path: String(path) })

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  return {
    ...fs,
    readdirSync: ((path: string, options?: unknown) => {
      if (locked.has(String(path))) throw denied(path)
      return fs.readdirSync(path, options as undefined)
    }) as typeof fs.readdirSync,
    openSync: ((path: string, ...rest: unknown[]) => {
      if (locked.has(String(path))) throw denied(path)
      return (fs.openSync as (...a: unknown[]) => number)(path, ...rest)
    }) as typeof fs.openSync,
  }
})

const { discover } = await import('../../dist/src/runner/discover.js')
const { loadSourceFile } = await import('../../dist/src/runner/source-file.js')

describe('unreadable files and directories', () => {
  it('a directory that cannot be read is reported as permission denied, and the rest is taken', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'locked'))
    mkdirSync(join(dir, 'open'))
    writeFileSync(join(dir, 'open', 'a.go'), 'package open\n')
    locked.add(join(dir, 'locked'))
    const found = discover([dir])
    expect(found.problems).toEqual([{ path: join(dir, 'locked'), reason: 'cannot read the directory: permission denied' }])
    expect(found.packages.map((p) => p.dir)).toEqual([join(dir, 'open')])
  })

  it('a file that cannot be read is skipped as unreadable: permission denied', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.go'), 'package p\n')
    locked.add(join(dir, 'a.go'))
    expect(loadSourceFile(join(dir, 'a.go'))).toEqual({ ok: false, reason: 'unreadable', detail: 'permission denied' })
  })
})
