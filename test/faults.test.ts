import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, guidefix, tempDir } from './helpers/cli.js'

// Faults and hostile input, from the user's side: each case has a one-line
// reason, the documented exit code, and loses nothing.

const BAD = `package p

import "io"

func f(err error) bool {
	return err == io.EOF
}
`
const GOOD = `package p

import (
	"errors"
	"io"
)

func f(err error) bool {
	return errors.Is(err, io.EOF)
}
`
const isRoot = process.getuid?.() === 0

function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'go.mod'), 'module example.test\n\ngo 1.21\n')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const git = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } })

function committed(files: Record<string, string>): string {
  const dir = project(files)
  git(['init', '-q'], dir)
  git(['add', '.'], dir)
  git(['commit', '-qm', 'base'], dir)
  return dir
}

/** A folder holding a `gofmt` that runs the given shell script instead of formatting. */
function fakeGofmt(script: string): Record<string, string> {
  const bin = tempDir('guidefix-fake-gofmt-')
  writeFileSync(join(bin, 'gofmt'), `#!/bin/sh\n${script}\n`)
  chmodSync(join(bin, 'gofmt'), 0o755)
  return { PATH: `${bin}:${process.env.PATH}` }
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.guidefix-') && n.endsWith('.tmp'))

describe('the dirty-tree guard', () => {
  // A sentinel renamed across the package: the named file declares it, its sibling uses it.
  const DECL = 'package p\n\nimport "errors"\n\nvar errorTimeout = errors.New("timeout")\n'
  const USE = 'package p\n\nfunc pick() error {\n\treturn errorTimeout\n}\n'

  it('refuses a fix that reaches an unnamed sibling with uncommitted changes, unless --allow-dirty', () => {
    const dir = committed({ 'a.go': DECL, 'b.go': USE })
    const edited = USE.replace('func pick', '// edited, not committed\nfunc pick')
    writeFileSync(join(dir, 'b.go'), edited)
    const refused = guidefix(['--write', '--unsafe', 'a.go'], dir)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/a\.go: not written: .*also change b\.go, which has uncommitted changes.*--allow-dirty/)
    expect(read(dir, 'a.go')).toBe(DECL)
    expect(read(dir, 'b.go')).toBe(edited)

    const allowed = guidefix(['--write', '--unsafe', '--allow-dirty', 'a.go'], dir)
    expect(allowed.stderr).toBe('')
    expect(read(dir, 'a.go')).toContain('var errTimeout')
    expect(read(dir, 'b.go')).toContain('return errTimeout')
  })

  it.skipIf(!isRoot)('treats a repository git refuses (dubious ownership) as an error, not as no repository', () => {
    const dir = committed({ 'a.go': BAD })
    // git refuses a repository owned by another user; as root, that takes a chown.
    spawnSync('chown', ['-R', '12345:12345', dir])
    const r = guidefix(['--write', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guidefix: git refuses the repository .*dubious ownership.*safe\.directory/m)
    expect(read(dir, 'a.go')).toBe(BAD)
    // Trusted through git's own configuration, it is checked and written as usual.
    const trusted = guidefix(['--write', '.'], dir, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' })
    expect(trusted.status).toBe(0)
    expect(read(dir, 'a.go')).toBe(GOOD)
  })
})

describe('files that change while guidefix runs', () => {
  // gofmt runs between reading and writing: a stand-in edits or deletes a file there, as another program might.
  it('leaves a file edited after it was read as it is, reports it, and writes the others', () => {
    const dir = project({ 'a.go': BAD, 'b.go': BAD.replace('func f', 'func g') })
    const r = guidefix(['--write', '--jobs', '1', '.'], dir, fakeGofmt(`printf '// edited meanwhile\\n' >> "${join(dir, 'b.go')}"`))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^b\.go: not written: it changed on disk after it was read/m)
    expect(read(dir, 'a.go')).toBe(GOOD)
    expect(read(dir, 'b.go')).toBe(`${BAD.replace('func f', 'func g')}// edited meanwhile\n`)
    expect(leftovers(dir)).toEqual([])
  })

  it('does not recreate a file deleted after it was read', () => {
    const dir = project({ 'a.go': BAD, 'b.go': BAD.replace('func f', 'func g') })
    const r = guidefix(['--write', '--jobs', '1', '.'], dir, fakeGofmt(`rm -f "${join(dir, 'b.go')}"`))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^b\.go: not written: it was deleted after it was read; it was not recreated/m)
    expect(existsSync(join(dir, 'b.go'))).toBe(false)
    expect(read(dir, 'a.go')).toBe(GOOD)
  })
})

describe('false greens', () => {
  it('--rule and --section that together select no rule are a usage error', () => {
    const r = guidefix(['--rule', 'error-is', '--section', '5', '.'], project({ 'a.go': BAD }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guidefix: no rule is left to run: rules error-is \(§4\) with section §5 select none$/m)
  })

  it('reads goVersion: 1.30 in .guidefix.yml as Go 1.30, not the number 1.3', () => {
    const LOG = 'package p\n\nimport "log"\n\nfunc save(err error) {\n\tlog.Printf("failed to save user: %v", err)\n}\n'
    const as = (version: string) => guidefix(['--format', 'json', '.'], project({ 'a.go': LOG, '.guidefix.yml': `goVersion: ${version}\n` }))
    // log-error-printf needs Go 1.21: Go 1.30 has it, Go 1.3 does not.
    expect(JSON.parse(as('1.30').stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('log-error-printf')
    expect(JSON.parse(as('1.3').stdout).findings).toEqual([])
  })

  it('a named file over the size cap is an error (2), not a silent skip', () => {
    const big = `${BAD}\nvar pad = "${'x'.repeat(2 * 1024 * 1024)}"\n`
    const r = guidefix(['--write', 'big.go'], project({ 'big.go': big }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^big\.go: not checked, too large \(\d+ bytes, over the 2097152-byte limit\)$/m)
  })

  it('a named file with a syntax error is an error (2) under --write', () => {
    const r = guidefix(['--write', 'broken.go'], project({ 'broken.go': BAD.replace('func f(err error) bool {', 'func f(err error) bool {\n\tx := (') }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^broken\.go: not checked, syntax error at \d+:\d+$/m)
  })
})

describe('errors', () => {
  it.each(['json', 'sarif', 'github'])('go to stderr with --format %s, leaving stdout to the report', (format) => {
    const r = guidefix(['--format', format, 'a.go', 'missing.go'], project({ 'a.go': BAD }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^missing\.go: no such file or directory$/m)
    expect(r.stdout).not.toContain('missing.go')
    if (format !== 'github') expect(() => JSON.parse(r.stdout)).not.toThrow()
  })

  it.skipIf(isRoot)('an unreadable directory is "permission denied" (2), not "no such file"', () => {
    const dir = project({ 'a.go': BAD, 'locked/b.go': BAD })
    chmodSync(join(dir, 'locked'), 0o000)
    try {
      const r = guidefix(['.'], dir)
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/locked: cannot read the directory: permission denied/)
    } finally {
      chmodSync(join(dir, 'locked'), 0o755)
    }
  })

  it('a crash inside guidefix exits 2 (findings are 1) with a one-line reason', () => {
    // A codemod module whose timer throws: a fault outside the run's own flow.
    const rule = `export default { meta: { id: 'boom', section: '§4', tier: 'detect', message: 'm', rationale: 'r', examples: [] }, check() {} }\nsetTimeout(() => { throw new Error('boom from a timer') }, 0)\n`
    const dir = project({ 'a.go': BAD, 'rules/boom.mjs': rule })
    const r = guidefix(['--codemods', 'rules', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guidefix: internal error: boom from a timer$/m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('--output', () => {
  it('refuses a .go name before anything is written', () => {
    const dir = project({ 'a.go': BAD, 'report.go': GOOD })
    const r = guidefix(['--write', '-o', 'report.go', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guidefix: --output report\.go: a report never goes to a \.go file/m)
    expect(read(dir, 'a.go')).toBe(BAD)
    expect(read(dir, 'report.go')).toBe(GOOD)
  })

  it('refuses a folder that does not exist before anything is written', () => {
    const dir = project({ 'a.go': BAD })
    const r = guidefix(['--write', '-o', 'no/such/dir/report.json', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--output no\/such\/dir\/report\.json: cannot write in its directory: no such file or directory/)
    expect(read(dir, 'a.go')).toBe(BAD)
  })
})

describe('--jobs', () => {
  it('is capped at the available cores', () => {
    const r = guidefix(['--jobs', '64', '--profile', '.'], project({ 'a.go': GOOD }))
    expect(r.status).toBe(0)
    const cores = availableParallelism()
    expect(r.stderr).toContain(`${cores} job${cores === 1 ? '' : 's'};`)
  })
})

describe('SARIF locations', () => {
  it('are percent-encoded and relative to the repository root, given by originalUriBaseIds', () => {
    const dir = committed({ 'sub dir/a#1.go': BAD, 'sub dir/go.mod': 'module x\n\ngo 1.21\n' })
    const r = guidefix(['--format', 'sarif', '.'], join(dir, 'sub dir'))
    const run = JSON.parse(r.stdout).runs[0]
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`file://${dir}/`)
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'sub%20dir/a%231.go', uriBaseId: 'SRCROOT' })
  })
})

describe('symbolic links and ownership', () => {
  it('never replaces a named symlink with a regular file: it is an error (2) that names the link', () => {
    const dir = project({ 'real.go': BAD })
    symlinkSync('real.go', join(dir, 'link.go'))
    const r = guidefix(['--write', 'link.go'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^link\.go: a symbolic link; guidefix reads and writes regular files only/m)
    expect(lstatSync(join(dir, 'link.go')).isSymbolicLink()).toBe(true)
    expect(read(dir, 'real.go')).toBe(BAD)
  })

  it('does not follow symlinks met in a walk (one leading outside the paths is never written), and counts them', () => {
    const outside = project({ 'o.go': BAD })
    const dir = project({ 'a.go': GOOD })
    symlinkSync(join(outside, 'o.go'), join(dir, 'link.go'))
    symlinkSync(outside, join(dir, 'linked-dir'))
    symlinkSync('nowhere.go', join(dir, 'broken.go'))
    symlinkSync('loop.go', join(dir, 'loop.go'))
    const r = guidefix(['--write', '.'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/4 skipped \(4 symlink\)/)
    expect(read(outside, 'o.go')).toBe(BAD)
    expect(lstatSync(join(dir, 'link.go')).isSymbolicLink()).toBe(true)
  })

  it.each([
    ['broken.go', 'nowhere.go', /^broken\.go: a broken symbolic link$/m],
    ['loop.go', 'loop.go', /^loop\.go: a symbolic link loop$/m],
  ])('a named %s is an error (2) with its reason', (name, target, reason) => {
    const dir = project({ 'a.go': GOOD })
    symlinkSync(target, join(dir, name))
    const r = guidefix([name], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(reason)
  })

  it.skipIf(!isRoot)("keeps a file's owner and mode when it writes it", () => {
    const dir = project({ 'a.go': BAD })
    chownSync(join(dir, 'a.go'), 12345, 23456)
    chmodSync(join(dir, 'a.go'), 0o604)
    expect(guidefix(['--write', '.'], dir).status).toBe(0)
    const st = statSync(join(dir, 'a.go'))
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([12345, 23456, 0o604])
    expect(read(dir, 'a.go')).toBe(GOOD)
  })
})
