import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CORPUS_MARKER, generateCorpus } from './generate.js'

/** The repository, from the built script's place in dist/bench. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
export const BIN = join(ROOT, 'bin/guidefix.js')

/** The generated corpus of this many files, made on first use. */
export function corpusFor(size: number): string {
  const dir = join(ROOT, 'bench/corpus', String(size))
  if (!existsSync(join(dir, CORPUS_MARKER))) {
    process.stderr.write(`generating ${size} files into ${dir}\n`)
    generateCorpus(dir, { files: size, seed: 1 })
  }
  return dir
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/**
 * Reads `--name value` options: `on(name, value)` takes each and returns
 * false for a name it does not know.
 */
export function readOptions(argv: readonly string[], on: (name: string, value: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (!on(a, value)) throw new Error(`unknown option ${a}`)
  }
}
