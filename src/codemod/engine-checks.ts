import type { Codemod, CodemodMeta } from './types.js'

/** The id of the findings --report-unused-ignores adds. */
export const UNUSED_IGNORE = 'unused-ignore'

export const unusedIgnoreMeta: CodemodMeta = {
  id: UNUSED_IGNORE,
  section: '§0',
  tier: 'safe',
  message: 'a //guidefix:ignore directive (or a rule it names) suppresses nothing',
  rationale: [
    'A directive left behind after the code it excused was fixed or removed hides the next real finding on its line.',
    'Reported only with --report-unused-ignores, and only about rules that ran on the file in this run:',
    'a rule not selected, outside its Go version gate, or a name that is no loaded rule is never judged,',
    'and a bare //guidefix:ignore only when every rule of the catalog ran. //nolint directives belong to other linters',
    'and are never reported. The report cannot itself be suppressed: a directive naming unused-ignore suppresses nothing.',
    'Section §0: a check of guidefix\'s own directives, not of a section of the guide.',
  ].join(' '),
  fixSafety: 'The fix only removes a comment (or the unused names from its list, keeping the others and the ` -- reason`).',
  examples: [
    {
      bad: 'func f() error {\n\t//guidefix:ignore error-is -- baseline\n\treturn nil\n}',
      good: 'func f() error {\n\treturn nil\n}',
    },
  ],
}

/**
 * Checks the engine makes itself rather than a rule, described like rules
 * so that `guidefix rules`, `explain`, SARIF and the README document them.
 * They are turned on by their own flag; `check` is never called.
 */
export const ENGINE_CHECKS: readonly Codemod[] = [{ meta: unusedIgnoreMeta, order: Number.MAX_SAFE_INTEGER, check() {} }]

/** The catalog with the engine's own checks after the rules. */
export function withEngineChecks(codemods: readonly Codemod[]): Codemod[] {
  return [...codemods, ...ENGINE_CHECKS]
}
