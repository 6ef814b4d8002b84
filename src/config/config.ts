import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { z } from 'zod'
import { parseGoVersion } from '../engine/go-version.js'
import { describeErrno } from '../runner/errno.js'

export const CONFIG_FILE = '.guidefix.yml'

/** Built on first use: zod is only loaded when there is a configuration file to check. */
async function configSchema() {
  const { z } = await import('zod')
  // A key followed only by commented-out entries (as `guidefix init` writes them) is YAML null: read it as absent.
  const list = <T extends z.ZodTypeAny>(item: T) =>
    z
      .array(item)
      .nullish()
      .transform((v) => v ?? undefined)
  const options = () =>
    z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .nullish()
      .transform((v) => v ?? undefined)
  return z
    .object({
      rules: list(z.string()),
      skip: list(z.string()),
      sections: list(z.union([z.string(), z.number()])),
      unsafe: z.boolean().optional(),
      renameExported: z.boolean().optional(),
      reportUnusedIgnores: z.boolean().optional(),
      goVersion: z
        .union([z.string(), z.number()])
        .transform(String)
        .refine((v) => parseGoVersion(v) !== undefined, { message: 'must be a Go version such as "1.21"' })
        .optional(),
      codemods: list(z.string()),
      exclude: list(z.string()),
      options: options(),
      overrides: list(
        z
          .object({
            paths: z.array(z.string()).min(1),
            rules: list(z.string()),
            skip: list(z.string()),
            options: options(),
          })
          .strict(),
      ),
    })
    .strict()
}

type ConfigFile = z.infer<Awaited<ReturnType<typeof configSchema>>>

/** The checked file; override paths are relative to `base`, the file's folder. */
export type Config = Omit<ConfigFile, 'overrides'> & {
  file?: string
  overrides?: (NonNullable<ConfigFile['overrides']>[number] & { base: string })[]
}

export class ConfigError extends Error {}

/** The nearest .guidefix.yml at or above `dir`, or null. */
export function findConfig(dir: string): string | null {
  let cur = resolve(dir)
  for (;;) {
    const candidate = join(cur, CONFIG_FILE)
    if (existsSync(candidate)) return candidate
    if (existsSync(join(cur, '.git'))) return null
    const parent = dirname(cur)
    if (parent === cur) return null
    cur = parent
  }
}

/**
 * The configuration as plain data. A version written without quotes
 * (`goVersion: 1.20`) is a number to YAML, and 1.20 is 1.2: such a value is
 * read as it was written.
 */
async function readYaml(file: string): Promise<unknown> {
  const { parseDocument, isScalar } = await import('yaml')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new ConfigError(`${file}: cannot read it: ${describeErrno(e)}`)
  }
  const doc = parseDocument(text)
  if (doc.errors.length > 0) throw new ConfigError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`)
  const data = (doc.toJS() as unknown) ?? {}
  const version = doc.get('goVersion', true)
  if (isScalar(version) && typeof version.value === 'number' && typeof version.source === 'string' && data && typeof data === 'object') {
    ;(data as Record<string, unknown>).goVersion = version.source
  }
  return data
}

export async function loadConfig(file: string): Promise<Config> {
  const [{ describeIssue }, schema] = await Promise.all([import('../codemod/schema.js'), configSchema()])
  const doc = await readYaml(file)
  const parsed = schema.safeParse(doc)
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssue(parsed.error)}`)
  const base = dirname(file)
  return {
    ...parsed.data,
    codemods: parsed.data.codemods?.map((d) => resolve(base, d)),
    overrides: parsed.data.overrides?.map((o) => ({ ...o, base })),
    file,
  }
}
