/**
 * A mistake in how guidefix was called: a flag of the CLI or an option of
 * the API that is malformed or contradicts another. The CLI exits 2 on it.
 */
export class UsageError extends Error {
  override name = 'UsageError'
}
