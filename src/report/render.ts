import type { RunResult } from '../runner/run.js'
import { githubChunks, jsonReportChunks, sarifChunks } from './machine.js'
import { textChunks, type TextOptions } from './text.js'

export type ReportFormat = 'text' | 'json' | 'sarif' | 'github'

/** A run's report in the chosen format, piece by piece. */
export function reportChunks(result: RunResult, format: ReportFormat, text: TextOptions): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonReportChunks(result, text.cwd, text.statistics)
    case 'sarif':
      return sarifChunks(result, text.cwd, text.root)
    case 'github':
      return githubChunks(result, text.cwd)
    default:
      return textChunks(result, text)
  }
}
