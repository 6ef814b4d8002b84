import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { packagePathAt } from '../../src/engine/package-index.js'
import { enclosingFunction, field, indentationAt, namedChildren } from '../../src/gosyntax/nodes.js'

/**
 * Matches signal registrations that catch Ctrl-C but not SIGTERM, the
 * signal container runtimes, systemd and Kubernetes send to stop a process:
 *
 *	signal.Notify(c, os.Interrupt)                      →  signal.Notify(c, os.Interrupt, syscall.SIGTERM)
 *	signal.NotifyContext(ctx, syscall.SIGINT)           →  signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
 *	signal.Notify(c, unix.SIGINT, unix.SIGHUP)          →  …, unix.SIGTERM)
 *
 * Left alone: `signal.Notify(c)` (every signal), registrations that list
 * SIGTERM already or no interrupt at all, a channel that another call in
 * the same function registers for SIGTERM, and lists holding anything but
 * os / syscall / x/sys/unix constants (a variable, `sigs...`), since those
 * may hold SIGTERM.
 */
const SIGNAL_PACKAGES = new Set(['os', 'syscall', 'golang.org/x/sys/unix'])

const codemod: CodemodModule = {
  meta: {
    id: 'signal-notify-sigterm',
    section: '§8',
    tier: 'suggest',
    message: 'this catches the interrupt signal but not SIGTERM, so a stop from the service manager or orchestrator skips the graceful shutdown',
    rationale:
      'Ctrl-C sends SIGINT, but docker stop, systemd and Kubernetes stop a process with SIGTERM. A program that only registers os.Interrupt runs its careful shutdown on a developer\'s machine and is killed outright in production: in-flight requests fail and buffers are lost.',
    useInstead: 'signal.Notify(c, os.Interrupt, syscall.SIGTERM) or signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)',
    fixSafety:
      'Suggest: SIGTERM now runs the same shutdown as Ctrl-C instead of ending the process at once. The syscall import is added when the file lacks it; syscall has no SIGTERM on Plan 9, so files built only there are left alone.',
    examples: [
      {
        bad: 'import (\n\t"os"\n\t"os/signal"\n)\n\nfunc waitForStop() {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt)\n\t<-c\n}\n',
        good: 'import (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc waitForStop() {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt, syscall.SIGTERM)\n\t<-c\n}\n',
      },
    ],
  },
  prefilter: [(source) => source.includes('"os/signal"') && /[.]Notify(?:Context)?\(/.test(source) && /Interrupt|SIGINT/.test(source)],
  matchers: {
    calls: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'selector_expression', all: [{ has: { field: 'operand', kind: 'identifier' } }, { has: { field: 'field', regex: '^Notify(Context)?$' } }] },
    },
  },
  check(ctx) {
    if (onlyForPlan9(ctx)) return
    const calls = ctx.matches('calls')
    for (const call of calls) checkCall(ctx, call, calls)
  },
}

function onlyForPlan9(ctx: RuleContext): boolean {
  return /_plan9(_test)?\.go$/.test(ctx.path) || /^\/\/go:build\s.*\bplan9\b/m.test(ctx.source.slice(0, ctx.pkg.file(ctx.path)?.headEnd))
}

/** A signal constant: which package it comes from (under which name) and its name. */
interface SignalArg {
  pkgName: string
  pkgPath: string
  name: string
}

function signalArg(ctx: RuleContext, arg: SgNode): SignalArg | null {
  if (arg.kind() !== 'selector_expression') return null
  const operand = field(arg, 'operand')
  if (operand?.kind() !== 'identifier') return null
  const pkgPath = packagePathAt(ctx.pkg, ctx.path, operand, (p) => SIGNAL_PACKAGES.has(p))
  if (!pkgPath) return null
  return { pkgName: operand.text(), pkgPath, name: field(arg, 'field')!.text() }
}

/**
 * Whether another registration in the same function sends SIGTERM to the
 * same channel: `signal.Notify(c, os.Interrupt)` next to
 * `signal.Notify(c, syscall.SIGTERM)` already catches both.
 */
function registeredElsewhere(call: SgNode, calls: SgNode[]): boolean {
  const channel = namedChildren(field(call, 'arguments')!)[0]?.text()
  const fn = enclosingFunction(call)
  return calls.some((other) => {
    if (other.id() === call.id() || enclosingFunction(other)?.id() !== fn?.id()) return false
    const args = namedChildren(field(other, 'arguments')!)
    return args[0]?.text() === channel && args.slice(1).some((a) => /[.]SIGTERM$/.test(a.text()))
  })
}

function checkCall(ctx: RuleContext, call: SgNode, calls: SgNode[]): void {
  const fn = field(call, 'function')!
  if (packagePathAt(ctx.pkg, ctx.path, field(fn, 'operand')!, (p) => p === 'os/signal') !== 'os/signal') return
  const argList = field(call, 'arguments')
  if (!argList || argList.children().some((c) => c.text() === '...')) return
  const args = namedChildren(argList)
  if (args.length < 2) return
  const signals = args.slice(1).map((a) => signalArg(ctx, a))
  if (signals.some((s) => s === null)) return
  const known = signals as SignalArg[]
  const interrupt = known.some((s) => (s.pkgPath === 'os' && s.name === 'Interrupt') || (s.pkgPath !== 'os' && s.name === 'SIGINT'))
  if (!interrupt || known.some((s) => s.pkgPath !== 'os' && s.name === 'SIGTERM') || registeredElsewhere(call, calls)) return
  const fnName = `${field(fn, 'operand')!.text()}.${field(fn, 'field')!.text()}`
  const message = `${fnName} catches the interrupt signal but not SIGTERM, which stops the process without its graceful shutdown; add syscall.SIGTERM`
  // The package the other constants come from, so unix.SIGINT gets unix.SIGTERM beside it.
  const unix = known.find((s) => s.pkgPath === 'golang.org/x/sys/unix')
  const pkgName = unix ? unix.pkgName : ctx.importName('syscall', call)
  if (!pkgName) {
    ctx.report({ node: call, message: `${message} (not fixed: the name syscall is taken here)` })
    return
  }
  const last = args[args.length - 1]
  const end = last.range().end.index
  const close = argList.children().at(-1)!
  // One argument a line, with a trailing comma: the new one gets its own line.
  const edit =
    ctx.source[end] === ',' && close.range().start.line > last.range().end.line
      ? { start: end + 1, end: end + 1, text: `\n${indentationAt(ctx.source, last.range().start.index)}${pkgName}.SIGTERM,` }
      : { start: end, end, text: `, ${pkgName}.SIGTERM` }
  ctx.report({ node: call, message, fix: { edits: [edit], imports: unix ? [] : ['syscall'] } })
}

export default codemod
