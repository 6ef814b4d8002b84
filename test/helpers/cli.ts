import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
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

/** A throwaway module (go.mod at the given Go version) holding the given files. */
export function goModule(files: Record<string, string | Buffer>, goVersion = '1.21'): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'go.mod'), `module example.test\n\ngo ${goVersion}\n`)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** A comparison error-is fixes, and what the fix makes of it. */
export const EOF_COMPARED = `package p

import "io"

func f(err error) bool {
	return err == io.EOF
}
`
export const EOF_MATCHED = `package p

import (
	"errors"
	"io"
)

func f(err error) bool {
	return errors.Is(err, io.EOF)
}
`
