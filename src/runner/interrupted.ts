/** Thrown inside a run when an interrupt arrived before a package's files were written. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted')
  }
}

/**
 * The run was stopped by a signal. Every file is whole: a package's files
 * are written together or not at all, and none after the signal arrived.
 */
export class RunInterrupted extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    /** Files written before the run stopped (absolute paths, sorted). */
    readonly written: string[],
  ) {
    super(`interrupted by ${signal}`)
  }
}
