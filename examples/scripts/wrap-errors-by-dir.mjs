#!/usr/bin/env node
// A batch refactor from a script: apply only errorf-wrap across a tree and
// print how many errors each directory now wraps.
//
//   node examples/scripts/wrap-errors-by-dir.mjs [--write] <dir>
//
// Without --write it only reports what it would do, like guidefix's dry run.
import { relative, dirname } from 'node:path'
import { buildRunSettings, run } from 'guidefix'

const args = process.argv.slice(2)
const write = args.includes('--write')
const root = args.find((a) => !a.startsWith('--')) ?? '.'

const { settings, paths } = await buildRunSettings({ format: 'json', paths: [root], rule: ['errorf-wrap'], write, allowDirty: true })
const result = await run({ paths, settings })
const perDir = new Map()
for (const pkg of result.packages) {
  for (const file of pkg.files) {
    // A dry run lists every finding; after --write the fixed ones are gone, but the file's fix count stays.
    const wrapped = write ? file.fixes.safe : file.findings.filter((f) => f.fixable === 'safe' || f.fixed).length
    if (wrapped === 0) continue
    const dir = relative(settings.cwd, dirname(file.path)) || '.'
    perDir.set(dir, (perDir.get(dir) ?? 0) + wrapped)
  }
}
result.dispose?.()
for (const [dir, n] of [...perDir].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`${String(n).padStart(5)}  ${dir}`)
const total = [...perDir.values()].reduce((a, b) => a + b, 0)
console.log(`${String(total).padStart(5)}  errors ${write ? 'now wrapped' : 'to wrap'} with %w`)
