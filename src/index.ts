/**
 * The programmatic API: what scripts import to run guidefix without the CLI.
 *
 *   import { scan } from 'guidefix'
 *   const report = await scan(['./services'], { rules: ['error-is'] })
 */
export { scan, runScan, type ScanReportOptions, type ScanProgress } from './api/scan.js'
export { resolveScan, type ScanOptions, type ResolvedScan } from './api/options.js'
export { UsageError } from './api/errors.js'
export type { JsonReport, JsonFinding } from './report/machine.js'
export { run, type RunOptions, type RunResult } from './runner/run.js'
export type { RunSettings, FileReport, PackageReport } from './runner/types.js'
export { processPackage, type EngineFile, type EngineOptions, type FileResult } from './engine/engine.js'
export { loadCodemods, builtinCodemodDirs, CodemodLoadError } from './codemod/loader.js'
export type { Codemod, CodemodModule, CodemodMeta, Finding, RuleContext, Report, FixSpec, Edit, Tier } from './codemod/types.js'
export { parseGoVersion, type GoVersion } from './engine/go-version.js'
export { toJsonReport, toSarif, toGithub } from './report/machine.js'
export { unifiedDiff } from './report/diff.js'
export { fixText, type FixTextOptions, type FixTextResult } from './api/fix-text.js'
export type { VerifyReport, PackageVerification, RolledBackRule } from './runner/verify.js'
export { findGo, type VerifyCheck } from './runner/go-toolchain.js'
