import type { ResourceLimits, Worker } from 'node:worker_threads';
import { DevmailError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { startWorker } from '../../core/start-worker.js';
import { fromWireError, relayLog, type WorkerInit, type WorkerItem } from './rpc.js';

/** A store thread that opened its database, and where that database is. */
export interface StartedStoreThread {
  worker: Worker;
  location: string;
}

/**
 * Starts a store thread and waits for it to open the store: its `ready` (with the database's
 * location), or its `failed`, an exit or a start error as a rejection. Used to open the store
 * and to start the thread again after it died.
 */
export async function startStoreThread(init: WorkerInit, resourceLimits: ResourceLimits | undefined, logger: Logger): Promise<StartedStoreThread> {
  const worker = startWorker(new URL('./store-worker.js', import.meta.url), {
    workerData: init,
    // A small young generation: this thread's garbage is short-lived (calls, rows), and V8's
    // default (~48 MB of semi-spaces per thread) would mostly be resident memory held for nothing.
    resourceLimits: resourceLimits ?? { maxYoungGenerationSizeMb: 8 },
  });
  const location = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number) => reject(new DevmailError('storage_failed', `the store thread exited (code ${code}) while opening`));
    const onError = (err: Error) => reject(new DevmailError('storage_failed', `the store thread failed to start: ${err.message}`, { cause: err }));
    worker.once('exit', onExit);
    worker.once('error', onError);
    worker.on('message', function started(items: WorkerItem[]) {
      for (const item of items) {
        if (item.t === 'log') relayLog(logger, item.line);
        else if (item.t === 'ready' || item.t === 'failed') {
          worker.off('message', started);
          worker.off('exit', onExit);
          worker.off('error', onError);
          if (item.t === 'ready') resolve(item.location);
          else void worker.terminate().finally(() => reject(fromWireError(item.error)));
        }
      }
    });
  });
  return { worker, location };
}

/** How long to wait before starting a dead store thread again. */
export interface RestartDelays {
  /** The first wait (default 100 ms); each failed start doubles it. */
  firstMs?: number;
  /** The longest wait (default 5 s). */
  maxMs?: number;
}

/** A thread that stayed up this long counts as healthy: its next death waits the first delay again. */
const HEALTHY_UPTIME_MS = 10_000;

/**
 * The bounded back-off between restarts: 100 ms, doubling up to 5 s. A thread that dies again
 * soon after it started (a crash loop: say a message whose indexing kills the thread, indexed
 * again at each open) keeps the growing delay, so it costs a start every 5 s, not a busy loop.
 */
export class RestartBackoff {
  private readonly firstMs: number;
  private readonly maxMs: number;
  private nextMs: number;
  private upSince = Date.now();

  constructor(delays: RestartDelays = {}) {
    this.firstMs = delays.firstMs ?? 100;
    this.maxMs = Math.max(this.firstMs, delays.maxMs ?? 5_000);
    this.nextMs = this.firstMs;
  }

  /** The thread died: how long to wait before the next start. */
  afterDeath(): number {
    if (Date.now() - this.upSince >= HEALTHY_UPTIME_MS) this.nextMs = this.firstMs;
    return this.take();
  }

  /** A start failed: how long to wait before the next one. */
  afterFailedStart(): number {
    return this.take();
  }

  /** A thread started and opened the store. */
  started(): void {
    this.upSince = Date.now();
  }

  private take(): number {
    const ms = this.nextMs;
    this.nextMs = Math.min(this.maxMs, this.nextMs * 2);
    return ms;
  }
}
