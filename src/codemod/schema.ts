import { z } from 'zod'
import { parseGoVersion } from '../engine/go-version.js'
import { TIERS } from './types.js'

const goVersionString = z.string().refine((v) => parseGoVersion(v) !== undefined, { message: 'must be a Go version such as "1.21"' })

export const metaSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case, such as "error-is"'),
    section: z.string().regex(/^§\d+$/, 'must name a guide section, such as "§4"'),
    tier: z.enum(TIERS as [string, ...string[]]),
    message: z.string().min(1),
    rationale: z.string().min(1),
    useInstead: z.string().optional(),
    fixSafety: z.string().optional(),
    goVersion: z.object({ min: goVersionString.optional(), max: goVersionString.optional() }).strict().optional(),
    examples: z.array(z.object({ bad: z.string().min(1), good: z.string().optional() }).strict()).min(1, 'needs at least one example'),
  })
  .strict()

/** The `guidefix:` block of a YAML codemod: the metadata ast-grep has no key for. */
const guidefixBlock = z
  .object({
    section: metaSchema.shape.section,
    tier: metaSchema.shape.tier,
    rationale: metaSchema.shape.rationale,
    useInstead: z.string().optional(),
    fixSafety: z.string().optional(),
    goVersion: metaSchema.shape.goVersion,
    imports: z.array(z.string().min(1)).optional(),
    removeImports: z.array(z.string().min(1)).optional(),
    prefilter: z
      .array(
        z
          .string()
          .min(1)
          .refine((t) => !(t.length > 2 && t.startsWith('/') && t.endsWith('/')) || isRegex(t.slice(1, -1)), { message: 'is not a valid regular expression' }),
      )
      .optional(),
    skipTests: z.boolean().optional(),
    examples: metaSchema.shape.examples,
  })
  .strict()

function isRegex(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

const ruleObject = z.record(z.string(), z.unknown())

/** A YAML codemod: the ast-grep rule language plus a `guidefix:` block. */
export const yamlCodemodSchema = z
  .object({
    id: metaSchema.shape.id,
    language: z.string().refine((l) => l.toLowerCase() === 'go', { message: 'must be "go"' }),
    message: z.string().min(1),
    severity: z.enum(['error', 'warning', 'info', 'hint', 'off']).optional(),
    note: z.string().optional(),
    rule: ruleObject,
    constraints: z.record(z.string(), ruleObject).optional(),
    utils: z.record(z.string(), ruleObject).optional(),
    transform: z.record(z.string(), z.unknown()).optional(),
    fix: z.union([z.string(), z.object({ template: z.string() }).passthrough()]).optional(),
    guidefix: guidefixBlock,
  })
  .strict()

export type YamlCodemod = z.infer<typeof yamlCodemodSchema>

/** "field: reason" for the first problem zod found, as a loader error names it. */
export function describeIssue(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
      return `${path}: ${issue.message}`
    })
    .join('; ')
}
