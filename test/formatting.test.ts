import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { goModule, guidefix } from './helpers/cli.js'

const gofmtList = (dir: string) => spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' })

describe('fixed text stays gofmt-clean', () => {
  // The shape of a test helper type in go.etcd.io/bbolt: no comment on the field line to send the file through gofmt.
  it('realigns the fields below an embedded mutex that becomes a named field', () => {
    const dir = goModule({
      'cache.go': 'package p\n\nimport "sync"\n\ntype cache struct {\n\tsync.RWMutex\n\tm map[string]int\n}\n\nfunc (c *cache) get(k string) int {\n\tc.RLock()\n\tdefer c.RUnlock()\n\treturn c.m[k]\n}\n',
    })
    const r = guidefix(['--write', '--unsafe', '--rule', 'embedded-mutex', '.'], dir)
    expect(r.status).toBe(0)
    expect(readFileSync(join(dir, 'cache.go'), 'utf8')).toContain('type cache struct {\n\tmu sync.RWMutex\n\tm  map[string]int\n}\n')
    const gofmt = gofmtList(dir)
    if (!gofmt.error) expect(gofmt.stdout).toBe('')
  })
})
