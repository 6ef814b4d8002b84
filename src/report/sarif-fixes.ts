import type { JsonFinding } from './machine.js'

/** One run of changed lines of a diff, with no context: `oldCount` lines from `oldStart` become `newLines`. */
export interface LineChange {
  oldStart: number
  oldCount: number
  newLines: string[]
}

/** The changes of a unified diff as `unifiedDiff` writes it, each run of -/+ lines on its own. */
export function lineChanges(diff: string): LineChange[] {
  const out: LineChange[] = []
  let line = 0
  let current: LineChange | undefined
  const flush = () => {
    if (current) out.push(current)
    current = undefined
  }
  for (const text of diff.split('\n')) {
    const header = /^@@ -(\d+)/.exec(text)
    if (header) {
      flush()
      line = Number(header[1])
      continue
    }
    if (text.startsWith('--- ') || text.startsWith('+++ ') || text.startsWith('\\')) continue
    const mark = text[0]
    if (mark === '-' || mark === '+') {
      current ??= { oldStart: line, oldCount: 0, newLines: [] }
      if (mark === '-') {
        current.oldCount++
        line++
      } else current.newLines.push(text.slice(1))
    } else if (mark === ' ') {
      flush()
      line++
    }
  }
  flush()
  return out
}

function lastOldLine(c: LineChange): number {
  return c.oldStart + Math.max(c.oldCount, 1) - 1
}

/**
 * Which changes of a file each fixed finding owns: those on its lines; a
 * change no finding stands on goes to the nearest fixed finding above it (the
 * `defer cancel()` under a context call), or, above every finding, to all of
 * them (an import the fixes need).
 */
export function changesByFinding(fixed: readonly JsonFinding[], changes: readonly LineChange[]): Map<JsonFinding, LineChange[]> {
  const owned = new Map<JsonFinding, LineChange[]>(fixed.map((f) => [f, []]))
  const sorted = [...fixed].sort((a, b) => a.start.line - b.start.line)
  for (const c of changes) {
    const on = sorted.filter((f) => c.oldStart <= f.end.line && lastOldLine(c) >= f.start.line)
    const above = sorted.filter((f) => f.start.line <= c.oldStart).pop()
    const owners = on.length > 0 ? on : above ? [above] : sorted
    for (const f of owners) owned.get(f)!.push(c)
  }
  return owned
}

/** A SARIF `fix` replacing whole lines: from the start of the first changed line to the start of the line after the last. */
export function sarifFix(artifactLocation: object, changes: readonly LineChange[]): object {
  return {
    description: { text: 'guidefix fix' },
    artifactChanges: [
      {
        artifactLocation,
        replacements: changes.map((c) => ({
          deletedRegion: { startLine: c.oldStart, startColumn: 1, endLine: c.oldStart + c.oldCount, endColumn: 1 },
          insertedContent: { text: c.newLines.map((l) => l + '\n').join('') },
        })),
      },
    ],
  }
}
