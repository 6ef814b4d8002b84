import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinCodemodDirs, loadCodemods } from '../dist/src/codemod/loader.js'
import { loadConfig } from '../dist/src/config/config.js'
import { guidefix, tempDir } from './helpers/cli.js'

const codemods = await loadCodemods(builtinCodemodDirs())

describe('guidefix init', () => {
  it('writes a commented .guidefix.yml that lists every rule with its section and tier, all enabled', async () => {
    const dir = tempDir()
    const r = guidefix(['init'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^wrote \.guidefix\.yml \(\d+ rules, all enabled\)/)
    const text = readFileSync(join(dir, '.guidefix.yml'), 'utf8')
    for (const c of codemods) expect(text).toMatch(new RegExp(`^  # - ${c.meta.id} +# ${c.meta.section} +${c.meta.tier}$`, 'm'))
    const config = await loadConfig(join(dir, '.guidefix.yml'))
    expect(config.skip).toBeUndefined()
    expect(config.rules).toBeUndefined()
  })

  it('turning a rule off is a matter of removing its #', async () => {
    const dir = tempDir()
    guidefix(['init'], dir)
    const file = join(dir, '.guidefix.yml')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  # - (error-is\b.*)$/m, '  - $1'))
    expect((await loadConfig(file)).skip).toEqual(['error-is'])
  })

  it('refuses to overwrite an existing configuration', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '.guidefix.yml'), 'unsafe: true\n')
    const r = guidefix(['init', dir], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/\.guidefix\.yml already exists/)
    expect(readFileSync(join(dir, '.guidefix.yml'), 'utf8')).toBe('unsafe: true\n')
  })
})
