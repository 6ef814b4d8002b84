import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, guidefix, tempDir, goModule, EOF_COMPARED, EOF_MATCHED } from './helpers/cli.js'

// Faults and hostile input, from the user's side: each case has a one-line
// reason, the documented exit code, and loses nothing.

const BAD = EOF_COMPARED
const GOOD = EOF_MATCHED
const isRoot = process.getuid?.() === 0

const project = (files: Record<string, string | Buffer>) => goModule(files)

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
    expect(r.stderr).toMatch(/^broken\.go: not checked, syntax error at \d+:\d+( \(.*\))?$/m)
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

/** Runs guidefix in the background; `until` is polled, then the signal is sent to the main process. */
async function interrupted(args: string[], cwd: string, env: Record<string, string>, until: () => boolean, signal: NodeJS.Signals = 'SIGINT') {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '', ...env } })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.resume()
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  for (let i = 0; i < 600 && !until(); i++) await new Promise((r) => setTimeout(r, 50))
  child.kill(signal)
  const status = await exited
  return { status, stderr }
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0)

describe('interrupts', () => {
  it('after SIGINT nothing more is written, each file is whole, and what was written is listed', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 6; i++) files[`p${i}/a.go`] = BAD.replace('package p', `package p${i}`)
    const dir = project(files)
    const calls = join(tempDir(), 'calls')
    // gofmt runs once per package before it is written: the second call means the first package is on disk.
    const r = await interrupted(['--write', '--jobs', '1', '.'], dir, fakeGofmt(`echo x >> "${calls}"; sleep 0.3`), () => lines(calls) >= 2)
    expect(r.status).toBe(130)
    const changed = Object.keys(files).filter((name) => read(dir, name) !== files[name])
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.length).toBeLessThan(6)
    expect(r.stderr).toContain(`guidefix: interrupted by SIGINT; ${changed.length} file${changed.length === 1 ? ' was' : 's were'} written before it stopped, each in full`)
    for (const name of changed) {
      expect(r.stderr).toContain(`  ${name}\n`)
      expect(read(dir, name)).toBe(GOOD.replace('package p', `package ${name.split('/')[0]}`))
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(Object.keys(files).filter((name) => read(dir, name) !== files[name])).toEqual(changed)
  })

  it('worker processes stop with the main process and write nothing more', async () => {
    const files: Record<string, string> = {}
    for (let p = 0; p < 2; p++) for (let i = 0; i < 80; i++) files[`p${p}/f${i}.go`] = BAD.replace('package p', `package p${p}`).replace('func f', `func f${i}`)
    const dir = project(files)
    const calls = join(tempDir(), 'calls')
    const r = await interrupted(['--write', '--jobs', '2', '.'], dir, fakeGofmt(`echo x >> "${calls}"; sleep 1`), () => lines(calls) >= 1)
    expect(r.status).toBe(130)
    expect(r.stderr).toMatch(/^guidefix: interrupted by SIGINT; no file was written$/m)
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(Object.keys(files).filter((name) => read(dir, name) !== files[name])).toEqual([])
  })

  it("removes the report folders of killed runs, and only those", () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout
    const stale = join(tmpdir(), `guidefix-report-${dead}-test`)
    const live = join(tmpdir(), `guidefix-report-${process.pid}-test`)
    for (const d of [stale, live]) mkdirSync(join(d, 'x'), { recursive: true })
    try {
      guidefix(['.'], project({ 'a.go': GOOD }))
      expect(existsSync(stale)).toBe(false)
      expect(existsSync(live)).toBe(true)
    } finally {
      rmSync(live, { recursive: true, force: true })
    }
  })
})

describe('two --write runs at once', () => {
  it('the second is refused while the first holds the module lock, naming its pid', () => {
    const dir = project({ 'a.go': BAD })
    writeFileSync(join(dir, '.guidefix.lock'), `${process.pid}\n${hostname()}\n`)
    const r = guidefix(['--write', '.'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^guidefix: another guidefix --write \\(pid ${process.pid}\\) is changing files under .*; wait for it to finish`, 'm'))
    expect(read(dir, 'a.go')).toBe(BAD)
    // A dry run writes nothing and takes no lock.
    expect(guidefix(['.'], dir).status).toBe(1)
  })

  it('a lock left by a killed run is taken over, and removed at the end', () => {
    const dir = project({ 'a.go': BAD })
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout
    writeFileSync(join(dir, '.guidefix.lock'), `${dead}\n${hostname()}\n`)
    expect(guidefix(['--write', '.'], dir).status).toBe(0)
    expect(read(dir, 'a.go')).toBe(GOOD)
    expect(existsSync(join(dir, '.guidefix.lock'))).toBe(false)
  })
})

/** A small file system of its own, as root can mount one; undefined where that is not allowed. */
function smallDisk(): string | undefined {
  if (!isRoot) return undefined
  const dir = tempDir('guidefix-disk-')
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir]).status === 0 ? dir : undefined
}

describe('a disk that fills up during --write', () => {
  const disk = smallDisk()
  it.skipIf(!disk)('leaves the file whole, removes the partial copy, and names the file', () => {
    try {
      const big = `${BAD}\n// ${'x'.repeat(200 * 1024)}\n`
      writeFileSync(join(disk!, 'go.mod'), 'module example.test\n\ngo 1.21\n')
      writeFileSync(join(disk!, 'a.go'), big)
      // Fill the disk but for room smaller than the new text.
      const free = statfsSync(disk!).bavail * statfsSync(disk!).bsize
      writeFileSync(join(disk!, 'filler'), Buffer.alloc(Math.max(0, free - 64 * 1024)))
      const r = guidefix(['--write', '.'], disk!)
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/^a\.go: not written: no space left on the device; it was left unchanged$/m)
      expect(read(disk!, 'a.go')).toBe(big)
      expect(leftovers(disk!)).toEqual([])
    } finally {
      spawnSync('umount', [disk!])
    }
  })
})

describe('gofmt', () => {
  it('missing from PATH: the fix still applies and the summary says gofmt was not run', () => {
    const dir = project({ 'a.go': BAD })
    const r = guidefix(['--write', '.'], dir, { PATH: tempDir('guidefix-empty-path-') })
    expect(r.status).toBe(0)
    expect(read(dir, 'a.go')).toBe(GOOD)
    expect(r.stdout).toMatch(/gofmt not run \(gofmt is not on PATH\): changed files are as the fixes wrote them/)
  })

  it('failing: the fix still applies and the summary says why gofmt did not run', () => {
    const dir = project({ 'a.go': BAD })
    const r = guidefix(['--write', '.'], dir, fakeGofmt('echo "gofmt: out of memory" >&2; exit 3'))
    expect(r.status).toBe(0)
    expect(read(dir, 'a.go')).toBe(GOOD)
    expect(r.stdout).toMatch(/gofmt not run \(gofmt failed: gofmt: out of memory\)/)
    expect(JSON.parse(guidefix(['--format', 'json', '.'], project({ 'a.go': BAD }), fakeGofmt('exit 3')).stdout).summary.gofmtNotRun).toBe('gofmt failed: exit status 3')
  })
})

describe('hostile input', () => {
  it('a directory named like a Go file is walked as a directory', () => {
    const dir = project({ 'pkg.go/a.go': BAD })
    for (const path of ['.', 'pkg.go']) {
      const r = guidefix([path], dir)
      expect(r.status).toBe(1)
      expect(r.stdout).toContain('pkg.go/a.go:6:9  error-is')
    }
  })

  it('an empty file, named or not, is taken without fuss', () => {
    const dir = project({ 'empty.go': '', 'a.go': GOOD })
    expect(guidefix(['.'], dir).status).toBe(0)
    expect(guidefix(['empty.go'], dir).stderr).toBe('')
  })

  it('a very long line', () => {
    const long = BAD.replace('func f', `var s = "${'a'.repeat(1_500_000)}"\n\nfunc f`)
    const dir = project({ 'a.go': long })
    expect(guidefix(['--write', '.'], dir).status).toBe(0)
    expect(read(dir, 'a.go')).toBe(GOOD.replace('func f', `var s = "${'a'.repeat(1_500_000)}"\n\nfunc f`))
  })

  it('10,000-deep nesting does not overflow the stack', () => {
    const deep = BAD.replace('\treturn', `\tx := ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n\t_ = x\n\treturn`)
    const dir = project({ 'a.go': deep })
    const r = guidefix(['--write', '.'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(read(dir, 'a.go')).toContain('return errors.Is(err, io.EOF)')
  })

  it('Unicode identifiers, comments and strings keep their place', () => {
    const uni = 'package p\n\nimport "io"\n\n// ошибка — 😀\nfunc fün(ошибка error) bool {\n\ts := "😀😀"\n\t_ = s\n\treturn ошибка == io.EOF\n}\n'
    const dir = project({ 'a.go': uni })
    const r = guidefix(['--format', 'json', '.'], dir)
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ ruleId: 'error-is', start: { line: 9, column: 9 } })
    expect(guidefix(['--write', '.'], dir).status).toBe(0)
    expect(read(dir, 'a.go')).toBe(uni.replace('import "io"', 'import (\n\t"errors"\n\t"io"\n)').replace('return ошибка == io.EOF', 'return errors.Is(ошибка, io.EOF)'))
  })

  it.each([
    ['not YAML', 'rules: [error-is\n', /config error: .*\.guidefix\.yml: not valid YAML: /],
    ['an unknown key', 'rulez: [error-is]\n', /config error: .*\.guidefix\.yml: .*rulez/],
    ['a bad version', 'goVersion: one\n', /config error: .*\.guidefix\.yml: goVersion: /],
  ])('a .guidefix.yml that is %s is a config error (2)', (_, text, reason) => {
    const r = guidefix(['.'], project({ 'a.go': GOOD, '.guidefix.yml': text }))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(reason)
    expect(r.stderr.trim().split('\n').length).toBe(1)
  })
})
