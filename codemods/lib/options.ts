/**
 * Checks of rule options shared by the built-in rules: each returns the
 * problems with one key, worded for the error a run stops with.
 */

/** A list of identifier-like words (initialisms, suffixes, package names). */
export function wordList(options: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = options[key]
  if (v === undefined) return []
  if (!Array.isArray(v) || !v.every((w) => typeof w === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(w))) {
    return [`${key}: must be a list of words made of letters, digits and underscores, such as ["GRPC", "OIDC"]`]
  }
  return []
}

/** A whole number of at least `min`. */
export function wholeNumber(options: Readonly<Record<string, unknown>>, key: string, min: number): string[] {
  const v = options[key]
  if (v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= min)) return []
  return [`${key}: must be a whole number of at least ${min} (got ${JSON.stringify(v)})`]
}

/** The words of a list option, or none when it is not a list (validation reports that before a run). */
export function listOption(options: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = options[key]
  return Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : []
}
