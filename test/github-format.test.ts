import { describe, expect, it } from 'vitest'
import { toGithub } from '../dist/src/report/machine.js'

const finding = {
  ruleId: 'error-is',
  section: '§4',
  tier: 'safe' as const,
  path: 'odd,dir/50%:x.go',
  message: 'first line: 100% sure,\r\nsecond line',
  start: { line: 3, column: 2, index: 10 },
  end: { line: 3, column: 9, index: 17 },
  fixed: false,
}

describe('--format github', () => {
  it('escapes what workflow commands require: % CR LF in the message, and : , too in properties', () => {
    const out = toGithub({ version: 1, tool: 'guidefix', files: [], findings: [finding], summary: {} as never, rules: [] })
    expect(out).toBe(
      '::warning file=odd%2Cdir/50%25%3Ax.go,line=3,col=2,endLine=3,endColumn=9,title=error-is §4::first line: 100%25 sure,%0D%0Asecond line\n',
    )
    expect(out.trimEnd().split('\n')).toHaveLength(1)
  })

  it('detect-tier findings are notices', () => {
    expect(toGithub({ version: 1, tool: 'guidefix', files: [], findings: [{ ...finding, tier: 'detect' }], summary: {} as never, rules: [] })).toMatch(/^::notice /)
  })
})
