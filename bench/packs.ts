/**
 * What each rule pack (a folder of codemods/) costs: the same dry run with
 * every rule and with the pack's rules skipped, alternated on one corpus so
 * that both see the same machine state, each timed several times.
 *
 *   npm run bench:packs                            the generated 1,000-file corpus
 *   npm run bench:packs -- --corpus ~/src/repo     any directory of Go code (repeatable)
 *   npm run bench:packs -- --runs 7                timings per variant (default 5)
 *   npm run bench:packs -- --pack http             only this pack (repeatable)
 *
 * A pack's cost is the median time with every rule over the median time
 * without the pack, minus one. Results go to stdout and bench/results/packs.md.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { BIN, corpusFor, median, readOptions, ROOT } from './common.js'

const PACKS_DIR = join(ROOT, 'codemods')

interface Args {
  corpus: string[]
  packs: string[]
  runs: number
  jobs: number
  out: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = { corpus: [], packs: [], runs: 5, jobs: availableParallelism(), out: join(ROOT, 'bench/results/packs.md') }
  readOptions(argv, (name, value) => {
    if (name === '--corpus') args.corpus.push(resolve(value()))
    else if (name === '--pack') args.packs.push(value())
    else if (name === '--runs') args.runs = Number(value())
    else if (name === '--jobs') args.jobs = Number(value())
    else if (name === '--out') args.out = resolve(value())
    else return false
    return true
  })
  return args
}

/** Rule ids per pack: one codemod per file, named by its rule id. */
function packs(): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const dir of readdirSync(PACKS_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'lib') continue
    const ids = readdirSync(join(PACKS_DIR, dir.name)).filter((f) => /\.(ts|ya?ml)$/.test(f) && !f.endsWith('.d.ts')).map((f) => basename(f).replace(/\.(ts|ya?ml)$/, ''))
    if (ids.length > 0) out.set(dir.name, ids.sort())
  }
  return out
}

function timeRun(corpus: string, jobs: number, skip: string[]): number {
  const args = [BIN, '--dry-run', '-q', '--jobs', String(jobs), '--format', 'json', '-o', '/dev/null', ...(skip.length > 0 ? ['--skip', skip.join(',')] : []), corpus]
  const t0 = performance.now()
  const r = spawnSync(process.execPath, args, { cwd: corpus, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  if (r.status !== 0 && r.status !== 1) throw new Error(`guidefix exited ${r.status}: ${r.stderr.slice(0, 500)}`)
  return (performance.now() - t0) / 1000
}

function main(): void {
  const args = parseArgs(process.argv.slice(2))
  const corpora = args.corpus.length > 0 ? args.corpus : [corpusFor(1000)]
  const all = new Map([...packs()].filter(([name]) => args.packs.length === 0 || args.packs.includes(name)))
  if (all.size === 0) throw new Error(`no such pack: ${args.packs.join(', ')} (the folders of codemods/)`)
  const lines = [
    '# guidefix rule packs: what each costs',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}, --jobs ${args.jobs}, median of ${args.runs} alternated runs per variant.`,
    'Cost: the dry run with every rule against the same run with the pack skipped.',
    '',
    '| corpus | pack | rules | all rules s | without pack s | cost |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ]
  for (const corpus of corpora) {
    const name = corpus.startsWith(join(ROOT, 'bench/corpus')) ? `generated ${basename(corpus)}` : basename(corpus)
    timeRun(corpus, args.jobs, []) // warm the file cache
    for (const [pack, ids] of all) {
      const full: number[] = []
      const without: number[] = []
      for (let i = 0; i < args.runs; i++) {
        full.push(timeRun(corpus, args.jobs, []))
        without.push(timeRun(corpus, args.jobs, ids))
      }
      const [f, w] = [median(full), median(without)]
      const line = `| ${name} | ${pack} | ${ids.length} | ${f.toFixed(2)} | ${w.toFixed(2)} | ${((f / w - 1) * 100).toFixed(1)}% |`
      process.stdout.write(line + '\n')
      lines.push(line)
    }
  }
  writeFileSync(args.out, lines.join('\n') + '\n')
}

main()
