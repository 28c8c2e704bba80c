import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IndexFields } from '../core/types.js';
import { indexMessage } from './index-fields.js';
import type { IndexRequest, IndexResponse } from './index-worker.js';

/** Indexes messages off the main thread, so a full MIME parse never delays an SMTP reply. */
export interface IndexerPool {
  index(raw: Buffer): Promise<IndexFields>;
  /** True when a worker thread does the work (false: indexing runs on the calling thread). */
  readonly threaded: boolean;
  close(): Promise<void>;
}

/** Most messages sent to a worker in one postMessage; batching amortises the hop. */
const MAX_BATCH = 64;

/**
 * One worker thread (this machine class has 2 cores: one for the event loop, one for parsing).
 * Runs from the compiled build; from TypeScript sources (tests) there is no worker script,
 * so it indexes on the calling thread — same function, same results.
 */
export function createIndexerPool(): IndexerPool {
  const script = fileURLToPath(new URL('./index-worker.js', import.meta.url));
  if (!existsSync(script)) {
    return { threaded: false, index: indexMessage, close: async () => {} };
  }
  const worker = new Worker(script);
  worker.unref();
  const waiting = new Map<number, { resolve: (f: IndexFields) => void; reject: (e: Error) => void }>();
  let queue: IndexRequest['batch'] = [];
  let seq = 0;
  let scheduled = false;
  let failure: Error | null = null;

  worker.on('message', (response: IndexResponse) => {
    for (const r of response.results) {
      const w = waiting.get(r.seq);
      waiting.delete(r.seq);
      if (!w) continue;
      if (r.fields) w.resolve(r.fields);
      else w.reject(new Error(r.error ?? 'indexing failed'));
    }
    if (waiting.size === 0) worker.unref();
  });
  const failAll = (err: Error) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`index worker exited with code ${code}`)));

  const flush = () => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      worker.postMessage({ batch } satisfies IndexRequest);
    }
  };

  return {
    threaded: true,
    index(raw) {
      // A dead worker must not lose indexing: fall back to this thread.
      if (failure) return indexMessage(raw);
      return new Promise<IndexFields>((resolve, reject) => {
        const n = seq++;
        waiting.set(n, { resolve, reject });
        queue.push({ seq: n, raw });
        worker.ref();
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      failure ??= new Error('indexer closed');
      await worker.terminate();
    },
  };
}
