/** What a system error code means, in words a user can act on. */
const WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'a symbolic link loop',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  EBUSY: 'resource busy',
}

/** A one-line reason for a file-system error: its meaning, not the code alone (and never a stack). */
export function describeErrno(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err?.code && WORDS[err.code]) return WORDS[err.code]
  if (err?.code) return `${err.code}: ${String(err.message).split('\n')[0]}`
  return e instanceof Error ? e.message.split('\n')[0] : String(e)
}
