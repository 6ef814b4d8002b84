export interface Progress {
  update: (done: number, total: number) => void
  stop: () => void
}

/** A progress bar on stderr for runs that last over a second, only on a terminal; `unit` names what is counted. */
export function startProgress(unit = 'files'): Progress | undefined {
  if (!process.stderr.isTTY) return undefined
  let bar: import('cli-progress').SingleBar | undefined
  let last = { done: 0, total: 0 }
  let stopped = false
  const timer = setTimeout(async () => {
    if (stopped) return
    const { default: cliProgress } = await import('cli-progress')
    if (stopped) return
    bar = new cliProgress.SingleBar(
      { format: `guidefix [{bar}] {value}/{total} ${unit} | {rate} ${unit.split(' ')[0]}/s | ETA {eta_formatted}`, stream: process.stderr, clearOnComplete: true, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    )
    bar.start(last.total, last.done, { rate: '0' })
  }, 1000)
  const started = performance.now()
  return {
    update(done, total) {
      last = { done, total }
      if (bar) {
        bar.setTotal(total)
        bar.update(done, { rate: (done / ((performance.now() - started) / 1000)).toFixed(0) })
      }
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      bar?.stop()
    },
  }
}
