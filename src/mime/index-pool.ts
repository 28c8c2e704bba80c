import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/start-worker.js';
import type { IndexFields } from '../core/types.js';
import { indexMessage } from './index-fields.js';
import type { IndexRequest, IndexResponse } from './index-worker.js';
import { quickIndex } from './quick-index.js';

/** Indexes messages off the calling thread, so a full MIME parse never delays an SMTP reply. */
export interface IndexerPool {
  index(raw: Buffer): Promise<IndexFields>;
  /** The quick index of simple messages, on the calling thread (see quick-index.ts). */
  quick: typeof quickIndex;
  /** True while a worker thread does the work (false once it died: indexing runs on the calling thread). */
  readonly threaded: boolean;
  close(): Promise<void>;
}

/** Most messages sent to a worker in one postMessage; batching amortises the hop. */
const MAX_BATCH = 64;

/**
 * One worker thread (this machine class has 2 cores: the event loops of the main and store
 * threads, and parsing). Tests run the same thread from the TypeScript source (see startWorker).
 * The factory the store's worker thread loads by module (`export: 'createIndexerPool'`).
 */
export function createIndexerPool(): IndexerPool {
  // A small young generation (V8's default keeps ~48 MB of semi-spaces resident per thread): a
  // parse's objects die young, and 4 MB rather than 8 took 2–5 MB off the server's peak RSS after
  // 100k messages (two runs each), with no change in rate (three alternating runs each). No
  // old-generation cap, so a huge message parses rather than killing the thread.
  const worker: Worker = startWorker(new URL('./index-worker.js', import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  worker.unref();
  const waiting = new Map<number, { raw: Buffer; resolve: (f: IndexFields | Promise<IndexFields>) => void; reject: (e: Error) => void }>();
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
  let closed = false;
  const failAll = (err: Error) => {
    failure ??= err;
    // A dead worker must not lose what it was given: parse it on this thread instead.
    for (const w of waiting.values()) {
      if (closed) w.reject(err);
      else w.resolve(indexMessage(w.raw));
    }
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
    quick: quickIndex,
    get threaded() {
      return failure === null;
    },
    index(raw) {
      // A dead worker must not lose indexing: fall back to this thread.
      if (failure) return indexMessage(raw);
      return new Promise<IndexFields>((resolve, reject) => {
        const n = seq++;
        waiting.set(n, { raw, resolve, reject });
        queue.push({ seq: n, raw });
        worker.ref();
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      closed = true;
      failure ??= new Error('indexer closed');
      await worker.terminate();
    },
  };
}
