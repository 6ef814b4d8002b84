/**
 * Side-by-side benchmark: guidefix (all rules, all cores), the ast-grep CLI
 * scanning the same corpus with equivalent YAML rules, and guidefix on one
 * core, all on the same machine in one invocation.
 *
 *   npm run bench                          generated corpora of 1k, 5k and 20k files
 *   npm run bench -- --sizes 1000          one size
 *   npm run bench -- --corpus ~/src/repo   any directory of Go code
 *
 * Results go to stdout and bench/results/latest.md.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { BIN, corpusFor, median, readOptions, ROOT } from './common.js'

const AST_GREP = join(ROOT, 'node_modules/.bin/ast-grep')
const SG_CONFIG = join(ROOT, 'bench/ast-grep/sgconfig.yml')

interface Args {
  sizes: number[]
  corpus: string[]
  jobs: number
  out: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 5000, 20000], corpus: [], jobs: availableParallelism(), out: join(ROOT, 'bench/results/latest.md') }
  readOptions(argv, (name, value) => {
    if (name === '--sizes') args.sizes = value().split(',').map(Number)
    else if (name === '--corpus') {
      args.corpus.push(resolve(value()))
      args.sizes = []
    } else if (name === '--jobs') args.jobs = Number(value())
    else if (name === '--out') args.out = resolve(value())
    else return false
    return true
  })
  return args
}

interface Measured {
  tool: string
  wallS: number
  peakMB: number | null
  exit: number
}

/**
 * Runs a command for its wall time and peak memory: the resident memory of
 * the command and every process it starts (guidefix's workers are
 * processes), summed, sampled every 50 ms from /proc where there is one.
 */
async function measure(tool: string, cmd: string, args: string[], cwd: string): Promise<Measured> {
  const t0 = performance.now()
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.slice(0, 2000)))
  let peak = 0
  const canSample = existsSync('/proc/self/statm')
  const sample = () => {
    if (child.pid !== undefined) peak = Math.max(peak, treeRssBytes(child.pid))
  }
  const timer = canSample ? setInterval(sample, 50) : undefined
  const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  if (timer) clearInterval(timer)
  const wall = (performance.now() - t0) / 1000
  if (status !== 0 && status !== 1) process.stderr.write(`${tool} exited ${status}: ${stderr.slice(0, 500)}\n`)
  return { tool, wallS: wall, peakMB: canSample ? peak / 1048576 : null, exit: status }
}

/** Resident bytes of a process and all its descendants, from /proc. */
function treeRssBytes(root: number): number {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)])
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0
  const pageSize = 4096
  const visit = (pid: number) => {
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * pageSize
    } catch {
      return
    }
    for (const c of children.get(pid) ?? []) visit(c)
  }
  visit(root)
  return total
}

function countGo(dir: string): { files: number; lines: number } {
  let files = 0
  let lines = 0
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'vendor' || e.name === 'testdata') continue
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.go')) {
        files++
        const text = readFileSync(p, 'utf8')
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
      }
    }
  }
  walk(dir)
  return { files, lines }
}

/** One file, as a pre-commit hook runs it: Node start-up included. */
function singleFileMs(dir: string): number {
  const file = findGoFile(dir)
  const times: number[] = []
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now()
    spawnSync(process.execPath, [BIN, '--dry-run', '-q', file], { cwd: dir })
    times.push(performance.now() - t0)
  }
  return median(times)
}

function findGoFile(dir: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isFile() && e.name.endsWith('.go')) return p
    if (e.isDirectory() && !e.name.startsWith('.')) {
      const f = findGoFile(p)
      if (f) return f
    }
  }
  return ''
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (!existsSync(AST_GREP)) throw new Error('the ast-grep CLI is missing: npm install installs it as a dev dependency')
  const corpora = [...args.sizes.map((s) => ({ name: `generated ${s}`, dir: corpusFor(s) })), ...args.corpus.map((d) => ({ name: basename(d), dir: d }))]
  const lines: string[] = [
    `# guidefix benchmark`,
    '',
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}, --jobs ${args.jobs}.`,
    'guidefix runs every rule as a dry run (parse, match, fix, gofmt, diff); ast-grep runs `scan` with the pattern-expressible rules in bench/ast-grep/rules.',
    '',
    row(['corpus', 'files', 'lines', 'tool', 'wall s', 'files/s', 'lines/s', 'peak RSS MB', 'vs ast-grep']),
    row(['---', '---:', '---:', '---', '---:', '---:', '---:', '---:', '---:']),
  ]
  for (const corpus of corpora) {
    const { files, lines: loc } = countGo(corpus.dir)
    const runs = [
      await measure('ast-grep scan', AST_GREP, ['scan', '-c', SG_CONFIG, '-j', String(args.jobs), '--json=stream', corpus.dir], corpus.dir),
      await measure(`guidefix --jobs ${args.jobs}`, process.execPath, [BIN, '--dry-run', '-q', '--jobs', String(args.jobs), '--format', 'json', '-o', '/dev/null', corpus.dir], corpus.dir),
      await measure('guidefix --jobs 1', process.execPath, [BIN, '--dry-run', '-q', '--jobs', '1', '--format', 'json', '-o', '/dev/null', corpus.dir], corpus.dir),
    ]
    const base = runs[0].wallS
    for (const r of runs) {
      const line = row([
        corpus.name,
        files,
        loc,
        r.tool,
        r.wallS.toFixed(2),
        Math.round(files / r.wallS),
        Math.round(loc / r.wallS),
        r.peakMB === null ? 'n/a' : r.peakMB.toFixed(0),
        `${(r.wallS / base).toFixed(2)}×`,
      ])
      lines.push(line)
      process.stdout.write(line + '\n')
    }
  }
  const single = singleFileMs(corpora[0].dir)
  lines.push('', `Single-file dry run (\`guidefix --dry-run one.go\`, Node start-up included), median of 11: ${single.toFixed(0)} ms.`, '')
  mkdirSync(join(args.out, '..'), { recursive: true })
  writeFileSync(args.out, lines.join('\n'))
  process.stdout.write(`\n${lines.slice(-2).join('\n')}\nwritten to ${args.out}\n`)
}

await main()
