import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { ReportStore } from '../../dist/src/runner/report-store.js'
import { run } from '../../dist/src/runner/run.js'
import { resolveScan } from '../../dist/src/api/options.js'
import { reportChunks } from '../../dist/src/report/render.js'
import { copyExample } from '../helpers/cli.js'
import type { PackageReport } from '../../dist/src/runner/types.js'

const finding = { ruleId: 'error-is', section: '§1', tier: 'safe', path: 'b/x.go', message: 'compare with errors.Is', start: { line: 3, column: 2 }, end: { line: 3, column: 9 }, fixed: true } as const

function report(dir: string, name: string, withDiff: boolean): PackageReport {
  return {
    dir,
    files: [
      {
        path: `${dir}/${name}`,
        status: withDiff ? 'changed' : 'unchanged',
        diff: withDiff ? `--- a/${dir}/${name}\n+++ b/${dir}/${name}\n@@ -1 +1 @@\n-x ✓\n+y ✓\n` : undefined,
        findings: withDiff ? [{ ...finding, path: `${dir}/${name}` }] : [],
        fixes: { safe: withDiff ? 1 : 0, suggest: 0 },
        errors: [],
      },
    ],
  }
}

const spillDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('guidefix-report-'))

describe('ReportStore', () => {
  it('gives back what it was given, sorted by directory, whether held or written out', () => {
    const given = [report('b', 'x.go', true), report('a', 'y.go', false), report('c', 'z.go', true)]
    const expected = JSON.parse(JSON.stringify([given[1], given[0], given[2]]))
    const before = spillDirs()
    for (const memory of [Infinity, 0]) {
      const store = new ReportStore(memory)
      for (const r of given) store.add(JSON.parse(JSON.stringify(r)))
      expect(JSON.parse(JSON.stringify(store.packages()))).toEqual(expected)
      expect(spillDirs().length - before.length).toBe(memory === 0 ? 1 : 0)
      store.dispose()
    }
    expect(spillDirs()).toEqual(before)
  })

  it('keeps every report in memory when no temporary folder can be made', () => {
    const given = [report('b', 'x.go', true), report('a', 'y.go', false)]
    const before = process.env.TMPDIR
    process.env.TMPDIR = '/nonexistent/guidefix'
    try {
      const store = new ReportStore(0)
      expect(store.dir()).toBeUndefined()
      for (const r of given) store.add(r)
      expect(store.packages()).toEqual([given[1], given[0]])
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
    }
  })

  it('makes no difference to any report of a run', async () => {
    const dir = copyExample()
    const { settings, paths } = await resolveScan([], { cwd: dir })
    for (const format of ['text', 'json', 'sarif', 'github'] as const) {
      const render = async (reportMemory?: number) => {
        const result = await run({ paths, settings, jobs: 1, reportMemory })
        const text = [...reportChunks(result, format, { color: false, cwd: dir, write: false, list: false, quiet: true })].join('')
        return text.replace(/"elapsedMs": *[\d.]+/g, '')
      }
      expect(await render(0), format).toBe(await render())
    }
    expect(existsSync(dir)).toBe(true)
  })
})
