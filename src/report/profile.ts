/** `--profile`: where the time went, phases first, then rules, slowest first. */
export function renderProfile(timings: Record<string, number>, elapsedMs: number, jobs: number): string {
  const rows = Object.entries(timings)
  const phases = rows.filter(([k]) => !k.startsWith('rule:')).sort((a, b) => b[1] - a[1])
  const rules = rows.filter(([k]) => k.startsWith('rule:')).sort((a, b) => b[1] - a[1])
  const width = Math.max(...rows.map(([k]) => k.length), 10)
  const line = ([k, v]: [string, number]) => `  ${k.padEnd(width)}  ${v.toFixed(1).padStart(10)} ms`
  return [
    `profile (wall ${elapsedMs.toFixed(0)} ms, ${jobs} job${jobs === 1 ? '' : 's'}; phase times add up across threads)`,
    ...phases.map(line),
    ...rules.map(line),
    '',
  ].join('\n')
}
