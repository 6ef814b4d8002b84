import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0
}

export interface GoPackageFiles {
  /** Package folder inside the module, e.g. error-is/basic. */
  dir: string
  files: { name: string; text: string }[]
}

/** Writes a throwaway module (`go X`) holding the given packages; returns its root. */
export function writeModule(goVersion: string, packages: GoPackageFiles[], root = mkdtempSync(join(tmpdir(), 'guidefix-go-'))): string {
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'go.mod'), `module fixtures.test\n\ngo ${goVersion}\n`)
  for (const p of packages) {
    for (const f of p.files) {
      const path = join(root, p.dir, f.name)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, f.text)
    }
  }
  return root
}

export function go(args: string[], cwd: string, env: Record<string, string> = {}): { status: number; output: string } {
  const r = spawnSync('go', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GO111MODULE: 'on', ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` }
}

export function gofmtList(paths: string[]): { status: number; output: string } {
  const r = spawnSync('gofmt', ['-l', ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` }
}
