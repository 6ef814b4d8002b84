import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXAMPLE, guidefix, tempDir } from './helpers/cli.js'

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
if (!CHROMIUM) console.log('migration report: the browser test is skipped because Debian\'s chromium is not installed (.ci/run installs it)')

interface Row {
  ruleId: string
  findings: number
}

describe('--report', () => {
  const dir = tempDir()
  const html = join(dir, 'migration.html')
  const md = join(dir, 'migration.md')
  const json = JSON.parse(guidefix(['--format', 'json', '--statistics', '--unsafe', '--report', html, '.'], EXAMPLE).stdout)
  guidefix(['--unsafe', '--report', md, '-q', '.'], EXAMPLE)
  const rows: Row[] = json.statistics

  it('is a self-contained page: nothing to fetch, no scripts', () => {
    const page = readFileSync(html, 'utf8')
    expect(page).toMatch(/^<!DOCTYPE html>/)
    expect(page).not.toMatch(/<script|<link|@import|url\(|src=/i)
  })

  it('has the same counts in Markdown', () => {
    const text = readFileSync(md, 'utf8')
    expect(text).toContain(`| ${json.findings.length} |`)
    for (const r of rows) expect(text).toMatch(new RegExp(`^### ${r.ruleId} \\(§\\d+, \\w+\\): ${r.findings}$`, 'm'))
  })

  it('refuses a file that is not .html or .md before running', () => {
    const r = guidefix(['--report', join(dir, 'x.go'), '.'], EXAMPLE)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--report writes a \.html or \.md file/)
  })

  it.skipIf(!CHROMIUM)('renders in a browser: totals, one row per rule that fired, the chart, every finding', async () => {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    try {
      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await page.goto(pathToFileURL(html).href)
      expect(await page.textContent('#total-findings b')).toBe(String(json.findings.length))
      expect(await page.locator('#rules tbody tr').count()).toBe(rows.length)
      for (const r of rows) expect(await page.locator(`#rule-${r.ruleId} table.findings tbody tr`).count()).toBe(r.findings)
      expect(await page.locator('svg#chart rect[class^="bar-"]').count()).toBeGreaterThanOrEqual(rows.length)
      expect(await page.locator('#directories tbody tr').count()).toBeGreaterThan(0)
      expect(requests).toEqual([pathToFileURL(html).href])
      const shot = join(dir, 'migration.png')
      await page.screenshot({ path: shot, fullPage: true })
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
    } finally {
      await browser.close()
    }
  })
})
