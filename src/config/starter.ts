import type { CodemodMeta } from '../codemod/types.js'

export interface StarterRule {
  meta: CodemodMeta
  options?: Readonly<Record<string, unknown>>
}

function yamlScalar(v: unknown): string {
  return JSON.stringify(v)
}

/**
 * The commented `.guidefix.yml` that `guidefix init` writes: every key the
 * file accepts, with every rule listed (all enabled) so that turning one off
 * is a matter of removing a `#`.
 */
export function renderStarterConfig(rules: readonly StarterRule[]): string {
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length))
  const out = [
    '# guidefix configuration. Flags given on the command line win over this file.',
    '# Every key is optional; `guidefix explain <rule-id>` documents a rule in full.',
    '',
    '# Apply suggested fixes too (as --unsafe does).',
    'unsafe: false',
    '',
    '# Let renames touch exported names that no other package of the module uses (as --rename-exported does).',
    'renameExported: false',
    '',
    '# Report //guidefix:ignore directives that suppress nothing, and remove them with --write (as --report-unused-ignores does).',
    'reportUnusedIgnores: false',
    '',
    '# The Go version to assume instead of the `go` line of go.mod. Quote it: 1.20 unquoted is the number 1.2.',
    '# goVersion: "1.21"',
    '',
    '# Paths to leave out, in .gitignore syntax.',
    'exclude:',
    '  # - "internal/legacy/**"',
    '',
    '# Run only the rules of these guide sections.',
    'sections:',
    '  # - 4',
    '',
    '# Every rule is enabled. To turn one off, remove the `#` before its id.',
    '# id, guide section, fix tier (safe: --write; suggest: --write --unsafe; detect: never fixed).',
    'skip:',
    ...rules.map((r) => `  # - ${r.meta.id.padEnd(idWidth)}  # ${r.meta.section.padEnd(4)} ${r.meta.tier}`),
    '',
    '# Rule options, shown with their defaults.',
    'options:',
  ]
  for (const r of rules) {
    const entries = Object.entries(r.options ?? {})
    if (entries.length === 0) continue
    out.push(`  # ${r.meta.id}:`, ...entries.map(([k, v]) => `  #   ${k}: ${yamlScalar(v)}`))
  }
  out.push(
    '',
    '# Rule settings for some packages, applied in order (paths in .gitignore syntax, relative to this file).',
    'overrides:',
    '  # - paths: ["cmd/**"]',
    '  #   skip: [ignored-error]',
    '',
    '# Folders of extra codemods (YAML or JavaScript), relative to this file.',
    'codemods:',
    '  # - ./codemods',
    '',
  )
  return out.join('\n')
}
