/** What a progress display shows: the position and counts to print beside the bar. */
export interface ProgressReading {
  value: number;
  accepted?: number;
  failed?: number;
}

/** A running progress display; `stop` draws the last state and releases the terminal. */
export interface ProgressDisplay {
  stop(): Promise<void>;
}

/**
 * A cli-progress bar on stderr, redrawn from `read()` five times a second — only when stderr is
 * a terminal (piped output and CI logs get the caller's summary line instead). Polling keeps
 * the counting code free of display calls.
 */
export function startProgress(opts: { total: number; unit: string; read: () => ProgressReading }): ProgressDisplay {
  if (!process.stderr.isTTY) return { stop: async () => {} };
  let bar: import('cli-progress').SingleBar | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const payload = (r: ProgressReading) => ({ ok: r.accepted ?? 0, failed: r.failed ?? 0 });
  // Loaded lazily: only a terminal needs it.
  const ready = import('cli-progress').then(({ default: progress }) => {
    if (stopped) return;
    bar = new progress.SingleBar(
      {
        stream: process.stderr,
        format: `{bar} {percentage}% | {value}/{total} ${opts.unit} | {ok} ok, {failed} failed | {eta_formatted} left`,
        hideCursor: true,
        clearOnComplete: false,
      },
      progress.Presets.shades_classic,
    );
    const first = opts.read();
    bar.start(opts.total, first.value, payload(first));
    timer = setInterval(() => {
      const r = opts.read();
      bar?.update(r.value, payload(r));
    }, 200);
    timer.unref();
  });
  return {
    stop() {
      stopped = true;
      return ready.then(() => {
        if (timer) clearInterval(timer);
        if (!bar) return;
        const r = opts.read();
        bar.update(r.value, payload(r));
        bar.stop();
      });
    },
  };
}
