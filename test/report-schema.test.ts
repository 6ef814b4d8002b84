import { readFileSync } from 'node:fs'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { copyExample, EXAMPLE, guidefix } from './helpers/cli.js'

const schema = JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)

function valid(doc: unknown): string {
  return validate(doc) ? '' : JSON.stringify(validate.errors, null, 2)
}

describe('schema/report.schema.json', () => {
  it('accepts the report of a dry run with --unsafe and --statistics', () => {
    const doc = JSON.parse(guidefix(['--format', 'json', '--unsafe', '--statistics', '.'], EXAMPLE).stdout)
    expect(doc.findings.length).toBeGreaterThan(0)
    expect(valid(doc)).toBe('')
  })

  it('accepts the report of --write', () => {
    const doc = JSON.parse(guidefix(['--format', 'json', '--write', '--allow-dirty', '.'], copyExample()).stdout)
    expect(doc.files.some((f: { status: string }) => f.status === 'changed')).toBe(true)
    expect(valid(doc)).toBe('')
  })

  it('can fail: a finding without a rule id is rejected', () => {
    const doc = JSON.parse(guidefix(['--format', 'json', '.'], EXAMPLE).stdout)
    delete doc.findings[0].ruleId
    expect(valid(doc)).toMatch(/ruleId/)
  })
})
