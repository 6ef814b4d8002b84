import type { SgNode } from '@ast-grep/napi'
import type { RuleContext } from '../../src/codemod/types.js'
import { formatGoVersion } from '../../src/engine/go-version.js'

/**
 * The name under which `errors.<fn>` (Is, As) can be called at a place, or
 * why it cannot: the function needs Go 1.13 (an unknown version counts as
 * the oldest Go), and github.com/pkg/errors imported as errors has it only
 * from v0.9.0, as go.mod must require.
 */
export function errorsFunctionAt(ctx: RuleContext, at: SgNode, fn: 'Is' | 'As'): { name: string } | { reason: string } {
  if (!ctx.atLeast('1.13')) {
    return {
      reason: ctx.goVersion
        ? `errors.${fn} needs Go 1.13 and go.mod says go ${formatGoVersion(ctx.goVersion)}`
        : `errors.${fn} needs Go 1.13 and no go.mod states the Go version, so the oldest Go is assumed`,
    }
  }
  const name = ctx.importName('errors', at, fn)
  if (name) return { name }
  const pkgErrors = ctx.pkg.file(ctx.path)?.imports.some((i) => i.path === 'github.com/pkg/errors' && i.localName === 'errors')
  return {
    reason: pkgErrors
      ? `github.com/pkg/errors is imported as errors and has ${fn} only from v0.9.0, which go.mod does not require`
      : 'the name "errors" means something else here',
  }
}
