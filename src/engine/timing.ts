/** Runs `fn`, adding the milliseconds it took to `timings[phase]` when timings are collected. */
export function timed<T>(timings: Record<string, number> | undefined, phase: string, fn: () => T): T {
  if (!timings) return fn()
  const t0 = performance.now()
  try {
    return fn()
  } finally {
    timings[phase] = (timings[phase] ?? 0) + performance.now() - t0
  }
}
