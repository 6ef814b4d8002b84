import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import { field, namedChildren } from '../../src/gosyntax/nodes.js'
import { isProvenError } from '../../src/gosyntax/proven-error.js'
import { literalFormatText, parseFormat } from '../../src/gosyntax/printf.js'
import { lookupLocal } from '../../src/gosyntax/scope.js'
import { messageAround, sameKindLiteral } from '../lib/log-error-printf.js'
import { slogScope } from '../lib/slog-scope.js'

/**
 * Matches calls of the standard library's `log` package that put an error
 * into the text of a line:
 *
 *	log.Printf("failed to save user: %v", err)   →  slog.Error("failed to save user", "error", err)
 *	log.Printf("save failed. Error: %v", err)    →  slog.Error("save failed", "error", err)
 *	log.Println("fetch user, err:", err)         →  slog.Error("fetch user", "error", err)
 *
 * through the *slog.Logger in scope when there is one (a parameter, a field
 * of the receiver declared *slog.Logger, a local made by slog.New), and with
 * the …Context method when a context.Context is in scope:
 *
 *	func (s *Service) Save(ctx context.Context, u User) { log.Printf("save user: %v", err) }
 *	                                             →  s.logger.ErrorContext(ctx, "save user", "error", err)
 *
 * Lines with other values (`log.Printf("user %s: %v", id, err)`), verbs
 * other than a plain %v/%s, `err.Error()`, and the Fatal family (slog has no
 * Fatal) are reported without a fix. A `log` that is not the import of
 * "log" (a logger variable, another package under that name) is left alone.
 */
const PRINTERS: Record<string, 'format' | 'values' | 'fatal'> = {
  Printf: 'format',
  Print: 'values',
  Println: 'values',
  Fatalf: 'fatal',
  Fatal: 'fatal',
  Fatalln: 'fatal',
}

const codemod: CodemodModule = {
  meta: {
    id: 'log-error-printf',
    section: '§7',
    tier: 'suggest',
    message: 'an error is formatted into a log.Printf/Println line instead of logged with slog as an attribute',
    rationale:
      'A line such as "failed to save user: connection refused" is plain text: a log pipeline cannot filter by the error, count it or alert on it without parsing prose. slog (Go 1.21) writes a level, a fixed message and the error as a key-value attribute that tools can query.',
    useInstead: 'slog.Error("failed to save user", "error", err)',
    fixSafety:
      'Suggest: the output changes shape. The call goes through the *slog.Logger the code already has in scope (a parameter, a field of the receiver declared *slog.Logger, a local made by slog.New or slog.Default), else through the slog package, whose default logger writes through the log package\'s default logger when slog.SetDefault is never called, so destination and flags stay; with a context.Context in scope (a parameter, r.Context() of a declared *http.Request, context.Background/TODO or a context.With… result) it is ErrorContext(ctx, …), so handlers can read the context. The line gains an ERROR level and prints the error as error=… after the message; anything parsing the old text must follow. The message is the format text before the error with the trailing separator (": ", " - ", "=", a newline) and a trailing label such as "Error:" or "err:" removed; a text that is only such a label is reported without a fix, as is any call whose single verb is not a plain %v or %s of an error value, or a Print/Println of more than one string and the error. The "log" import is removed when no use is left, and a lone import stays a lone import.',
    goVersion: { min: '1.21' },
    examples: [
      {
        bad: 'import "log"\n\nfunc save(err error) {\n\tlog.Printf("failed to save user: %v", err)\n}',
        good: 'import "log/slog"\n\nfunc save(err error) {\n\tslog.Error("failed to save user", "error", err)\n}',
      },
      {
        bad: 'import (\n\t"context"\n\t"log"\n\t"log/slog"\n)\n\ntype Repo interface {\n\tSave(ctx context.Context, u User) error\n}\n\ntype UserService struct {\n\trepo   Repo\n\tlogger *slog.Logger\n}\n\nfunc (s *UserService) Save(ctx context.Context, u User) {\n\tif err := s.repo.Save(ctx, u); err != nil {\n\t\tlog.Printf("saving user failed. Error: %v", err)\n\t}\n}',
        good: 'import (\n\t"context"\n\t"log/slog"\n)\n\ntype Repo interface {\n\tSave(ctx context.Context, u User) error\n}\n\ntype UserService struct {\n\trepo   Repo\n\tlogger *slog.Logger\n}\n\nfunc (s *UserService) Save(ctx context.Context, u User) {\n\tif err := s.repo.Save(ctx, u); err != nil {\n\t\ts.logger.ErrorContext(ctx, "saving user failed", "error", err)\n\t}\n}',
      },
    ],
  },
  prefilter: ['"log"'],
  matchers: { calls: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: `^(${Object.keys(PRINTERS).join('|')})$` } } } },
  defaultOptions: { includeTests: false },
  check(ctx) {
    // Tests and godoc Example functions (which live in _test.go files) show or exercise code; they need not follow it.
    if (ctx.isTest && ctx.options.includeTests !== true) return
    const names = (ctx.pkg.file(ctx.path)?.imports ?? []).filter((i) => i.path === 'log' && i.name !== '_' && i.name !== '.').map((i) => i.localName)
    if (names.length === 0) return
    for (const call of ctx.matches('calls')) {
      const fn = field(call, 'function')!
      const operand = field(fn, 'operand')
      const kind = PRINTERS[field(fn, 'field')?.text() ?? '']
      if (!kind || operand?.kind() !== 'identifier' || !names.includes(operand.text()) || lookupLocal(call, operand.text())) continue
      checkCall(ctx, call, `${operand.text()}.${field(fn, 'field')!.text()}`, kind)
    }
  },
}

function checkCall(ctx: RuleContext, call: SgNode, callee: string, kind: 'format' | 'values' | 'fatal'): void {
  // A variadic pass-through (`args...`) hides what is logged.
  if (call.text().trimEnd().endsWith('...)')) return
  const args = namedChildren(field(call, 'arguments')!)
  const values = kind === 'format' || callee.endsWith('f') ? args.slice(1) : args
  if (!values.some((v) => mentionsError(v, ctx))) return
  if (kind === 'fatal') {
    ctx.report({ node: call, message: `slog has no Fatal: replace ${callee} with slog.Error(msg, "error", err) followed by os.Exit(1)` })
    return
  }
  const notFixed = (why: string) => ctx.report({ node: call, message: `log the error with slog.Error and key-value attributes (not fixed: ${why})` })
  const literal = args[0]
  if (kind === 'format' && !isStringLiteral(literal)) return notFixed('the format is not a string literal')
  if (args.length === 1) return notFixed('there is no message to go with the error; write one')
  if (args.length !== 2 || !isStringLiteral(literal)) {
    return notFixed('the line holds values besides the error; pass each as a key-value attribute')
  }
  const err = args[1]
  if (!isError(err, ctx)) return notFixed('pass the error value itself as the "error" attribute, not its text')
  const raw = literal.kind() === 'raw_string_literal'
  let message: string | null
  if (kind === 'format') {
    const body = literalFormatText(literal.text())
    const parsed = body === null ? null : parseFormat(body)
    const verb = parsed?.verbs.length === 1 ? parsed.verbs[0] : null
    if (!parsed || !verb || parsed.argsUsed !== 1 || verb.arg !== 0 || !'vs'.includes(verb.verb) || verb.flags !== '' || verb.sized) {
      return notFixed(`the format does more than print the error with a plain %v; write the message and attributes by hand`)
    }
    message = messageAround(body!.slice(0, verb.start).replace(/%%/g, '%'), body!.slice(verb.end), raw)
  } else {
    message = messageAround(literal.text().slice(1, -1), '', raw)
  }
  if (message === null) return notFixed('no message can be read from the text around the error; write one')
  message = withoutErrorLabel(message)
  if (message === null) return notFixed('the text is only a label for the error; write a message that says what failed')
  if (call.find({ rule: { kind: 'comment' } })) return notFixed('the call holds a comment')
  // Through the logger and with the context the code already has, as the guide logs.
  const scope = slogScope(ctx, call)
  const slog = scope.logger ?? ctx.importName('log/slog', call)
  if (!slog) return notFixed('the name slog means something else here')
  const method = scope.context ? 'ErrorContext' : 'Error'
  const callArgs = [...(scope.context ? [scope.context] : []), sameKindLiteral(literal.text(), message), '"error"', err.text()]
  const range = call.range()
  ctx.report({
    node: call,
    message: `log the error with ${slog}.${method} and an "error" attribute instead of ${callee}`,
    fix: {
      edits: [{ start: range.start.index, end: range.end.index, text: `${slog}.${method}(${callArgs.join(', ')})` }],
      imports: scope.logger ? [] : ['log/slog'],
      removeImportsIfUnused: ['log'],
    },
  })
}

/**
 * "save failed, error" → "save failed": the label in front of the error goes,
 * as the error becomes its own attribute. Null when nothing else is left.
 */
function withoutErrorLabel(message: string): string | null {
  const stripped = message.replace(/(^|[\s,;:.\-|(]+)(error|err|failure|failed|reason|cause)$/i, (m, sep: string, label: string, offset: number) =>
    // "failed" ends many real messages ("save failed"): only a lone label goes.
    offset === 0 || !/^failed$/i.test(label) ? '' : m,
  )
  const text = stripped.replace(/[\s,;:.\-|(]+$/, '')
  return /[\p{L}\p{N}]/u.test(text) ? text : null
}

function isStringLiteral(node: SgNode | undefined): node is SgNode {
  return !!node && (node.kind() === 'interpreted_string_literal' || node.kind() === 'raw_string_literal')
}

/**
 * An error value as far as declarations show: declared `error` (or an error
 * type), or the result of a call known to return one. A name alone proves
 * nothing: `errMsg` may be a string and `resp.Err` a string field.
 */
function isError(value: SgNode, ctx: RuleContext): boolean {
  return isProvenError(value, ctx.pkg, ctx.path)
}

/** An error value, or its text (`err.Error()`). */
function mentionsError(arg: SgNode, ctx: RuleContext): boolean {
  if (isError(arg, ctx)) return true
  if (arg.kind() !== 'call_expression' || namedChildren(field(arg, 'arguments')!).length > 0) return false
  const fn = field(arg, 'function')
  if (fn?.kind() !== 'selector_expression' || field(fn, 'field')?.text() !== 'Error') return false
  const operand = field(fn, 'operand')
  return !!operand && isError(operand, ctx)
}

export default codemod
