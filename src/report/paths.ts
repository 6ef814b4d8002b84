import { relative, sep } from 'node:path'

/** A path as the user should see it: relative to the working directory, with forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return (rel && !rel.startsWith('..') ? rel : path).split(sep).join('/')
}
