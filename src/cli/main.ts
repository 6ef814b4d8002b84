import yargs, { type Argv } from 'yargs'
import { resolve } from 'node:path'
import { closeSync, openSync, writeSync } from 'node:fs'
import { once } from 'node:events'
import { inBlocks } from '../report/json-chunks.js'
import type { CliArgs } from './settings.js'
import { exitCodeFor, UsageError, EXIT_ERROR } from './exit.js'
import { checkOutputPath } from './output-path.js'

const EPILOG = `Exit codes: 0 nothing to fix or report; 1 findings or pending fixes (or findings left after --write); 2 usage, configuration or I/O error, a named file left unchecked, a file not written, or an internal error (reasons on stderr); 130 interrupted.`

function runOptions(y: Argv): Argv<CliArgs> {
  return y
    .positional('paths', { type: 'string', array: true, describe: 'files or directories (default: .)' })
    .option('dry-run', { type: 'boolean', describe: 'print unified diffs and findings; write nothing (default)' })
    .option('write', { alias: 'w', type: 'boolean', describe: 'apply safe fixes to the files (with --unsafe, suggested ones too)' })
    .option('list', { alias: 'l', type: 'boolean', describe: 'print only the paths of files that would change' })
    .option('unsafe', { type: 'boolean', describe: 'include suggest-tier fixes' })
    .option('rule', { type: 'string', describe: 'run only these rules (repeat or comma-separate)' })
    .option('skip', { type: 'string', describe: 'do not run these rules' })
    .option('section', { type: 'string', describe: 'run only rules of these guide sections (4 or §4)' })
    .option('format', { choices: ['text', 'json', 'sarif', 'github'] as const, default: 'text' as const, describe: 'output format' })
    .option('go-version', { type: 'string', describe: 'Go version to assume (X.Y), overriding go.mod' })
    .option('since', { type: 'string', describe: 'only files changed since this git revision (plus untracked files)' })
    .option('shard', { type: 'string', describe: 'K/N: process a deterministic 1/N of the packages' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'worker processes (default and most: the available cores)' })
    .option('codemods', { type: 'string', describe: 'extra folder of YAML or JavaScript codemods' })
    .option('config', { type: 'string', describe: 'configuration file (default: nearest .guidefix.yml)' })
    .option('allow-dirty', { type: 'boolean', describe: 'let --write change files with uncommitted changes' })
    .option('rename-exported', { type: 'boolean', describe: 'let rename fixes touch exported names that no other package of the module uses' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no summary line and no progress bar' })
    .option('color', { type: 'boolean', describe: 'colour the output (default: on a terminal without NO_COLOR); --no-color turns it off' })
    .option('profile', { type: 'boolean', describe: 'print time per phase and per rule at the end' })
    .option('statistics', { type: 'boolean', describe: 'one table of counts per rule instead of diffs and findings (json: a statistics field)' })
    .option('report', { type: 'string', describe: 'also write a migration report to this .html or .md file' })
    .option('add-ignores', { type: 'boolean', describe: 'put a //guidefix:ignore <rule> -- baseline comment above every finding left after the fixes' })
    .option('report-unused-ignores', { type: 'boolean', describe: 'report //guidefix:ignore directives that suppress nothing (rule unused-ignore); --write removes them' })
    .option('file-timeout', { type: 'string', describe: 'time one file may take (default 60s; 0: no limit); a file past it is skipped and named' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file instead of standard output' })
    .option('verify', { type: 'string', describe: 'after fixing, run go build and go vet (or --verify=build,vet,test) on each changed package and take back the fixes that break it' }) as unknown as Argv<CliArgs>
}

/** Repeatable flags arrive as a string once and as an array when repeated. */
function asList(value: unknown): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

function emit(text: string, output: string | undefined): Promise<void> {
  return emitChunks([text], output)
}

/** Writes a report piece by piece to a file, or to standard output at the pace it drains. */
async function emitChunks(chunks: Iterable<string>, output: string | undefined): Promise<void> {
  if (output) {
    const fd = openSync(output, 'w')
    try {
      for (const block of inBlocks(chunks)) writeSync(fd, block)
    } finally {
      closeSync(fd)
    }
    return
  }
  // A reader that stops early (`| head`) closes the pipe: stop writing, quietly.
  let closed = false
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    closed = true
  }
  process.stdout.on('error', onError)
  try {
    for (const block of inBlocks(chunks)) {
      if (closed) break
      if (!process.stdout.write(block)) await once(process.stdout, 'drain')
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e
  }
}

/** A fault outside the command's own flow (a callback, a stray promise) still ends the run with 2, never 1 like findings. */
function exitOnCrash(): void {
  const crash = (e: unknown) => {
    process.exitCode = exitCodeFor(e)
    process.exit(EXIT_ERROR)
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
}

export async function main(argv: string[]): Promise<number> {
  exitOnCrash()
  let exitCode = 0
  const parser = yargs(argv)
    .scriptName('guidefix')
    .usage('$0 [paths..]\n\nMigrates Go code to the idioms of the guide: reports anti-patterns and fixes what can be fixed mechanically.')
    .command(
      ['$0 [paths..]', 'fix'],
      'dry-run (default) or --write over Go files',
      (y) => runOptions(y),
      async (args) => {
        const { runCommand } = await import('./run-command.js')
        const cli = args as unknown as CliArgs
        for (const key of ['rule', 'skip', 'section', 'codemods'] as const) if (cli[key] !== undefined) cli[key] = asList(cli[key])
        const out = await runCommand(cli)
        await emitChunks(out.chunks, cli.output)
        for (const line of out.problems ?? []) process.stderr.write(`${line}\n`)
        exitCode = out.exitCode
      },
    )
    .command(
      'rules',
      'list every rule: id, guide section, fix tier, what it reports',
      (y) => y.option('codemods', { type: 'string' }).option('format', { choices: ['text', 'json', 'markdown'] as const, default: 'text' as const }),
      async (args) => {
        const { listRules } = await import('./catalog-command.js')
        await emit(await listRules(asList(args.codemods), args.format), undefined)
      },
    )
    .command(
      'explain <id>',
      'a rule in full: what, why, example, fix safety, version gate',
      (y) => y.positional('id', { type: 'string', demandOption: true }).option('codemods', { type: 'string', array: true }),
      async (args) => {
        const { explainRule } = await import('./catalog-command.js')
        await emit(await explainRule(String(args.id), asList(args.codemods)), undefined)
      },
    )
    .command(
      'init [dir]',
      'write a commented .guidefix.yml listing every rule (refuses to overwrite one)',
      (y) => y.positional('dir', { type: 'string', default: '.' }).option('codemods', { type: 'string' }),
      async (args) => {
        const { initConfig } = await import('./init-command.js')
        await emit(await initConfig(String(args.dir), asList(args.codemods)), undefined)
      },
    )
    .command(
      'merge <reports..>',
      'merge --format json reports of several shards into one report',
      (y) =>
        y
          .positional('reports', { type: 'string', array: true, demandOption: true })
          .option('format', { choices: ['text', 'json', 'sarif', 'github'] as const, default: 'json' as const })
          .option('statistics', { type: 'boolean', describe: 'one table of counts per rule instead of the finding list (json: a statistics field)' })
          .option('output', { alias: 'o', type: 'string' }),
      async (args) => {
        const { mergeReports } = await import('./merge-command.js')
        if (args.output !== undefined) checkOutputPath(args.output, process.cwd())
        const out = mergeReports((args.reports as string[]).map((r) => resolve(r)), args.format, args.statistics ?? false)
        await emitChunks(out.chunks, args.output)
        exitCode = out.exitCode
      },
    )
    .epilog(EPILOG)
    .strictOptions()
    .strictCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg)
    })
  try {
    await parser.parseAsync()
  } catch (e) {
    return exitCodeFor(e)
  }
  return exitCode
}

