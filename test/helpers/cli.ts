import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const BIN = new URL('../../bin/guidefix.js', import.meta.url).pathname
export const EXAMPLE = new URL('../../examples/legacy-service', import.meta.url).pathname

export interface CliResult {
  status: number
  stdout: string
  stderr: string
}

export function guidefix(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

export function tempDir(prefix = 'guidefix-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A throwaway copy of the bundled example module. */
export function copyExample(): string {
  const dir = join(tempDir(), 'legacy-service')
  cpSync(EXAMPLE, dir, { recursive: true })
  return dir
}
