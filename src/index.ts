/**
 * The programmatic API: what scripts import to run guidefix without the CLI.
 *
 *   import { run, buildRunSettings } from 'guidefix'
 */
export { run, type RunOptions, type RunResult } from './runner/run.js'
export type { RunSettings, FileReport, PackageReport } from './runner/types.js'
export { buildRunSettings } from './cli/settings.js'
export { processPackage, type EngineFile, type EngineOptions, type FileResult } from './engine/engine.js'
export { loadCodemods, builtinCodemodDirs, CodemodLoadError } from './codemod/loader.js'
export type { Codemod, CodemodModule, CodemodMeta, Finding, RuleContext, Report, FixSpec, Edit, Tier } from './codemod/types.js'
export { parseGoVersion, type GoVersion } from './engine/go-version.js'
export { toJsonReport, toSarif, toGithub } from './report/machine.js'
export { unifiedDiff } from './report/diff.js'
export { fixText, type FixTextOptions, type FixTextResult } from './api/fix-text.js'
export type { VerifyReport, PackageVerification, RolledBackRule } from './runner/verify.js'
export { findGo, type VerifyCheck } from './runner/go-toolchain.js'
