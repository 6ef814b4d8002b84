import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Finding } from '../codemod/types.js'

/**
 * The texts `--verify` checks, kept as files so that the go command can
 * read them through an overlay: a changed file's text before and after the
 * fixes, and the rules whose fixes it holds. Worker processes write them
 * while they fix; the verification reads them back.
 */
export interface KeptTexts {
  before: string
  after: string
  /** Rules whose fixes made `after`. */
  rules: string[]
}

/** The folder name a file's texts are kept under: the same for a path in every run. */
export function textKey(path: string): string {
  return createHash('sha1').update(path).digest('hex').slice(0, 16)
}

/**
 * The file a kept text stands for, from its name alone: the go command's
 * cache replays vet's findings with the overlay paths of the run that first
 * produced them, which may be an earlier run's.
 */
export function keptTextOf(file: string, byKey: ReadonlyMap<string, string>): string | undefined {
  const m = /guidefix-verify-[^/\\]+[/\\](?:retry-\d+[/\\])?\w+[/\\]([0-9a-f]{16})[/\\][^/\\]+$/.exec(file)
  return m ? byKey.get(m[1]) : undefined
}

function slot(dir: string, label: string, path: string): string {
  const key = textKey(path)
  // The file keeps its base name: the go command names overlay files in its errors.
  return join(dir, label, key, basename(path))
}

/** Writes a text for `path` under `label` and returns the file holding it. */
export function putText(dir: string, label: string, path: string, text: string): string {
  const file = slot(dir, label, path)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
  return file
}

export function textFile(dir: string, label: string, path: string): string {
  return slot(dir, label, path)
}

/** Called by the fixing task for every file it changed (the bytes as they are or would be on disk). */
export function keepTexts(dir: string, path: string, before: string, after: string, rules: readonly string[]): void {
  putText(dir, 'before', path, before)
  putText(dir, 'after', path, after)
  putText(dir, 'rules', path, JSON.stringify(rules))
}

export function readKept(dir: string, path: string): KeptTexts | undefined {
  try {
    return {
      before: readFileSync(slot(dir, 'before', path), 'utf8'),
      after: readFileSync(slot(dir, 'after', path), 'utf8'),
      rules: JSON.parse(readFileSync(slot(dir, 'rules', path), 'utf8')) as string[],
    }
  } catch {
    return undefined
  }
}

/** The rules whose fixes are part of a file's output. */
export function fixedRules(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.fixed).map((f) => f.ruleId))]
}
