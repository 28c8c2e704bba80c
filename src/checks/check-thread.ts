import type { Worker } from 'node:worker_threads';
import { DevmailError } from '../core/errors.js';
import { startWorker } from '../core/start-worker.js';
import type { Envelope } from '../core/types.js';
import type { CheckAnswer, CheckRequest } from './check-worker.js';
import type { ContentCheckName, ContentCheckResult } from './content-checks.js';

/** Runs the CPU-bound checks (MIME parse, HTML scan, CSS parse, lint) off the calling thread. */
export interface CheckThread {
  run<K extends ContentCheckName>(check: K, raw: Buffer, envelope: Envelope): Promise<ContentCheckResult<K>>;
  close(): Promise<void>;
}

/**
 * A hostile message must not hold the thread for ever: past this a check's thread is stopped,
 * the checks waiting on it fail with 503, and the next one starts a fresh thread.
 */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * One worker thread, started on the first check and restarted after a failure. The checks take
 * tens to hundreds of milliseconds of CPU on a 100 KB newsletter (seconds on a hostile one);
 * on the main thread that would hold up every SMTP reply meanwhile.
 */
export function createCheckThread(opts: { timeoutMs?: number } = {}): CheckThread {
  const timeoutMs = opts.timeoutMs ?? CHECK_TIMEOUT_MS;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let worker: Worker | null = null;
  let seq = 0;
  let closed = false;

  const failAll = (err: Error) => {
    for (const w of waiting.values()) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    waiting.clear();
  };

  const stop = (current: Worker, reason: DevmailError) => {
    if (worker !== current) return;
    worker = null;
    failAll(reason);
    void current.terminate();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const started = startWorker(new URL('./check-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    started.on('message', (answer: CheckAnswer) => {
      const w = waiting.get(answer.seq);
      if (!w) return;
      waiting.delete(answer.seq);
      clearTimeout(w.timer);
      if (answer.error !== undefined) w.reject(new Error(answer.error));
      else w.resolve(answer.result);
      if (waiting.size === 0) started.unref();
    });
    started.on('error', (err) => stop(started, new DevmailError('unavailable', 'the check thread failed', { cause: err })));
    started.on('exit', (code) => stop(started, new DevmailError('unavailable', `the check thread exited (code ${code})`)));
    worker = started;
    return started;
  };

  return {
    run<K extends ContentCheckName>(check: K, raw: Buffer, envelope: Envelope): Promise<ContentCheckResult<K>> {
      if (closed) return Promise.reject(new DevmailError('unavailable', 'shutting down'));
      const thread = ensureWorker();
      return new Promise((resolve, reject) => {
        const n = seq++;
        const timer = setTimeout(() => stop(thread, new DevmailError('unavailable', `${check} took longer than ${timeoutMs / 1000}s and was stopped`)), timeoutMs);
        waiting.set(n, { resolve: resolve as (v: unknown) => void, reject, timer });
        thread.ref();
        thread.postMessage({ seq: n, check, raw, envelope } satisfies CheckRequest);
      });
    },
    async close() {
      closed = true;
      const current = worker;
      worker = null;
      failAll(new DevmailError('unavailable', 'shutting down'));
      await current?.terminate();
    },
  };
}
