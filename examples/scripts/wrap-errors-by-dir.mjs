#!/usr/bin/env node
// A batch refactor from a script: apply only errorf-wrap across a tree and
// print how many errors each directory wraps.
//
//   node examples/scripts/wrap-errors-by-dir.mjs [--write] <dir>
//
// Without --write it only reports what it would do, like guidefix's dry run.
import { posix } from 'node:path'
import { scan } from 'guidefix'

const args = process.argv.slice(2)
const write = args.includes('--write')
const root = args.find((a) => !a.startsWith('--')) ?? '.'

// The same document as `guidefix --format json`; each changed file says how many fixes it got.
const report = await scan([root], { rules: ['errorf-wrap'], write, allowDirty: true })
const perDir = new Map()
for (const file of report.files) {
  const wrapped = file.fixes?.safe ?? 0
  if (wrapped === 0) continue
  const dir = posix.dirname(file.path)
  perDir.set(dir, (perDir.get(dir) ?? 0) + wrapped)
}
for (const [dir, n] of [...perDir].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`${String(n).padStart(5)}  ${dir}`)
console.log(`${String(report.summary.fixes.safe).padStart(5)}  errors ${write ? 'now wrapped' : 'to wrap'} with %w`)
for (const line of report.files.flatMap((f) => f.errors.map((e) => `${f.path}: ${e}`))) console.error(line)
