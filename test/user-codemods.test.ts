import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidefix, tempDir, goModule } from './helpers/cli.js'

const project = (files: Record<string, string>) => goModule(files, '1.22')

/** A YAML codemod comparing strings with strings.Compare, fixable to ==; `extra` overrides its keys. */
function compareRule(extra: Record<string, string> = {}): string {
  const keys = {
    rule: 'rule: { pattern: "strings.Compare($A, $B) == 0" }',
    fix: 'fix: $A == $B',
    examples: '  examples:\n    - bad: "ok := strings.Compare(a, b) == 0"\n      good: "ok := a == b"',
    imports: '  removeImports: [strings]',
    ...extra,
  }
  return `id: compare-equal\nlanguage: go\nmessage: compare strings with ==\n${keys.rule}\n${keys.fix}\nguidefix:\n  section: "§4"\n  tier: safe\n  rationale: r\n${keys.imports}\n${keys.examples}\n`
}

const USES_COMPARE = 'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nfunc same(a, b string) bool {\n\treturn strings.Compare(a, b) == 0\n}\n\nfunc wrap(err error) error {\n\treturn fmt.Errorf("wrap: %v", err)\n}\n'

describe('user YAML codemods are checked at load', () => {
  it('a bad example the rule does not report names the rule and the example', () => {
    const dir = project({ 'a.go': USES_COMPARE, 'rules/r.yml': compareRule({ examples: '  examples:\n    - bad: "ok := strings.EqualFold(a, b)"' }) })
    const r = guidefix(['--codemods', 'rules', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/codemod error: rules\/r\.yml: rule compare-equal does not report its examples\[0\]\.bad "ok := strings\.EqualFold\(a, b\)"/)
  })

  it('a good example the rule reports names the rule and the example', () => {
    const dir = project({ 'a.go': USES_COMPARE, 'rules/r.yml': compareRule({ examples: '  examples:\n    - bad: "ok := strings.Compare(a, b) == 0"\n      good: "ok := strings.Compare(b, a) == 0"' }) })
    const r = guidefix(['--codemods', 'rules', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/rules\/r\.yml: rule compare-equal reports its examples\[0\]\.good/)
  })

  it('a fix with a metavariable no pattern defines is refused', () => {
    const dir = project({ 'a.go': USES_COMPARE, 'rules/r.yml': compareRule({ fix: 'fix: $A == $C' }) })
    const r = guidefix(['--codemods', 'rules', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/rules\/r\.yml: fix: \$C is not defined by any pattern or transform of the rule/)
  })

  it('a pattern that does not parse is refused', () => {
    const dir = project({ 'a.go': USES_COMPARE, 'rules/r.yml': compareRule({ rule: 'rule: { pattern: "strings.Compare($A, $B) == (" }' }) })
    const r = guidefix(['--codemods', 'rules', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/rules\/r\.yml: rule: the pattern "strings\.Compare\(\$A, \$B\) == \(" is not Go code that parses/)
  })

  it('removeImports drops an import the fix leaves unused', () => {
    const dir = project({ 'a.go': USES_COMPARE, 'rules/r.yml': compareRule() })
    const r = guidefix(['--codemods', 'rules', '--write', '.'], dir)
    expect(r.stderr).toBe('')
    const out = readFileSync(join(dir, 'a.go'), 'utf8')
    expect(out).toContain('return a == b')
    expect(out).toContain('return fmt.Errorf("wrap: %w", err)')
    expect(out).toMatch(/^\t"fmt"$/m)
    expect(out).not.toContain('"strings"')
  })
})

/** A JavaScript codemod reporting `// TODO` comments, that misbehaves on files holding `marker`. */
function scriptRule(id: string, misbehave: string): string {
  return `export default {
  meta: { id: '${id}', section: '§4', tier: 'detect', message: 'a TODO is left', rationale: 'r', examples: [{ bad: '// TODO: finish' }] },
  check(ctx) {
    ${misbehave}
    for (const c of ctx.root.findAll({ rule: { kind: 'comment', regex: 'TODO' } })) ctx.report({ node: c })
  },
}
`
}

describe('user JavaScript codemods that misbehave', () => {
  const files = {
    'a.go': 'package p\n\nimport "fmt"\n\n// TODO: BOOM LOOP\nfunc wrap(err error) error {\n\treturn fmt.Errorf("wrap: %v", err)\n}\n',
    'b.go': 'package p\n\n// TODO: fine\nfunc two(err error) error {\n\treturn fmt.Errorf("two: %v", err)\n}\n',
  }

  it('a rule that throws is reported with its name and the file, and the other rules still run', () => {
    const dir = project({ ...files, 'rules/throws.mjs': scriptRule('throws-here', "if (ctx.source.includes('BOOM')) throw new Error('kaboom')") })
    const r = guidefix(['--codemods', 'rules', '--write', '.'], dir)
    expect(r.stdout).toMatch(/a\.go:1:1 {2}throws-here .*internal error in rule throws-here: kaboom/)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toContain('"wrap: %w"')
    expect(r.stdout).toMatch(/b\.go:3:1 {2}throws-here/)
  })

  it('a rule that never ends is stopped by the per-file time limit, which names the file and the rule', () => {
    const dir = project({ ...files, 'rules/loops.mjs': scriptRule('loops-forever', "if (ctx.source.includes('LOOP')) for (;;) {}") })
    const r = guidefix(['--codemods', 'rules', '--file-timeout', '1s', '--write', '.'], dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/a\.go: skipped, took longer than the 1 s limit per file \(while rule loops-forever ran\)/)
    expect(r.stdout).toMatch(/1 skipped \(1 timeout\)/)
    expect(readFileSync(join(dir, 'a.go'), 'utf8')).toBe(files['a.go'])
    expect(readFileSync(join(dir, 'b.go'), 'utf8')).toContain('"two: %w"')
  })

  it('--file-timeout must be a duration', () => {
    const r = guidefix(['--file-timeout', 'soon', '.'], project(files))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--file-timeout must be a duration/)
  })
})
