import { statSync } from 'node:fs';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { MailboxStats } from '../../core/bus.js';
import { DevmailError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { startWorker } from '../../core/start-worker.js';
import type { MessageSummary, StoredMessage } from '../../core/types.js';
import type { SqliteStoreOptions } from '../sqlite/open-sqlite-store.js';
import type {
  IndexerModule,
  Job,
  JobKind,
  JobQuery,
  JobUpdate,
  NewJob,
  Webhook,
  ListQuery,
  ListResult,
  NewMessage,
  RetentionPolicy,
  Selection,
  Store,
  StoreInfo,
} from '../store.js';
import {
  fromWireError,
  indexerHref,
  Outbox,
  relayLog,
  reviveStored,
  tightCopy,
  type Call,
  type ScanPage,
  type StoreMethod,
  type WireError,
  type WorkerInit,
  type WorkerItem,
} from './rpc.js';

/** Options of the worker-hosted SQLite store: the in-thread ones, with the indexer as a module. */
export interface WorkerStoreOptions extends Omit<SqliteStoreOptions, 'indexer'> {
  /** Loaded in the store's thread; its factory may start threads of its own (the MIME parse pool). */
  indexer: IndexerModule;
  /** V8 heap limits of the store thread (default: an 8 MB young generation). */
  resourceLimits?: ResourceLimits;
}

/**
 * Opens a SQLite store in its own worker thread and returns a Store that forwards to it. The
 * group commit's fsync and the index writes then block that thread, not the main event loop.
 */
export async function openWorkerStore(options: WorkerStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger();
  const { indexer, logger: _logger, now, resourceLimits, ...sqliteOptions } = options;
  const init: WorkerInit = {
    options: sqliteOptions,
    indexer: indexerHref(indexer),
    logLevel: logger.level,
    callerClock: now !== undefined,
  };
  const worker = startWorker(new URL('./store-worker.js', import.meta.url), {
    workerData: init,
    // A small young generation: this thread's garbage is short-lived (calls, rows), and V8's
    // default (~48 MB of semi-spaces per thread) would mostly be resident memory held for nothing.
    resourceLimits: resourceLimits ?? { maxYoungGenerationSizeMb: 8 },
  });
  const location = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number) => reject(new DevmailError('storage_failed', `the store thread exited (code ${code}) while opening`));
    worker.once('exit', onExit);
    worker.once('error', (err) => reject(new DevmailError('storage_failed', `the store thread failed to start: ${err.message}`, { cause: err })));
    worker.on('message', function started(items: WorkerItem[]) {
      for (const item of items) {
        if (item.t === 'log') relayLog(logger, item.line);
        else if (item.t === 'ready' || item.t === 'failed') {
          worker.off('message', started);
          worker.off('exit', onExit);
          if (item.t === 'ready') resolve(item.location);
          else void worker.terminate().finally(() => reject(fromWireError(item.error)));
        }
      }
    });
  });
  return new WorkerStore(worker, location, logger, now);
}

interface PendingCall {
  method: StoreMethod;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** The main thread's side: each method is one call to the worker; answers settle by call id. */
class WorkerStore implements Store {
  private readonly pending = new Map<number, PendingCall>();
  private readonly outbox: Outbox<Call>;
  private nextId = 1;
  /** Why calls fail now: after close (unavailable), or after the thread died. */
  private stopped: { closed: boolean; reason: string } | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly location: string,
    private readonly logger: Logger,
    private readonly now: (() => Date) | undefined,
  ) {
    this.outbox = new Outbox((calls, transfer) => worker.postMessage(calls, transfer));
    worker.unref(); // referenced only while calls are pending: an idle store does not hold the process open
    worker.on('message', (items: WorkerItem[]) => this.receive(items));
    worker.on('error', (err) => logger.error({ err }, 'the store thread failed'));
    worker.on('exit', (code) => this.died(code));
  }

  get info(): StoreInfo {
    let sizeBytes: number | null = null;
    try {
      sizeBytes = statSync(this.location).size;
      sizeBytes += statSync(`${this.location}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      // gone or unreadable: unknown
    }
    return { kind: 'sqlite', location: this.location, sizeBytes };
  }

  insert(message: NewMessage): Promise<MessageSummary> {
    if (!Buffer.isBuffer(message.raw)) return this.call('insert', [message]); // the thread says why it is refused
    const raw = tightCopy(message.raw);
    return this.call('insert', [{ ...message, raw }], raw.buffer as ArrayBuffer);
  }
  list(query: ListQuery): Promise<ListResult> {
    return this.call('list', [query]);
  }
  async get(id: string, inbox?: string): Promise<StoredMessage | null> {
    const m = await this.call<StoredMessage | null>('get', [id, inbox]);
    return m && reviveStored(m);
  }
  getSummary(id: string, inbox?: string): Promise<MessageSummary | null> {
    return this.call('getSummary', [id, inbox]);
  }
  latestId(query?: { inbox?: string; search?: string; tz?: string }): Promise<string | null> {
    return this.call('latestId', [query]);
  }
  setRead(selection: Selection, read: boolean): Promise<string[]> {
    return this.call('setRead', [selection, read]);
  }
  delete(selection: Selection): Promise<string[]> {
    return this.call('delete', [selection]);
  }
  stats(inbox?: string): Promise<MailboxStats> {
    return this.call('stats', [inbox]);
  }
  listTags(inbox?: string): Promise<string[]> {
    return this.call('listTags', [inbox]);
  }
  setTags(ids: string[], tags: string[], inbox?: string): Promise<Record<string, string[]>> {
    return this.call('setTags', [ids, tags, inbox]);
  }
  renameTag(from: string, to: string, inbox?: string): Promise<string[]> {
    return this.call('renameTag', [from, to, inbox]);
  }
  deleteTag(name: string, inbox?: string): Promise<string[]> {
    return this.call('deleteTag', [name, inbox]);
  }
  prune(policy: RetentionPolicy): Promise<string[]> {
    return this.call('prune', [policy]);
  }

  matchingIds(ids: string[], search: string, tz?: string): Promise<string[]> {
    return this.call('matchingIds', [ids, search, tz]);
  }
  addJob(job: NewJob): Promise<Job> {
    return this.call('addJob', [job]);
  }
  listJobs(query: JobQuery): Promise<Job[]> {
    return this.call('listJobs', [query]);
  }
  getJob(id: number): Promise<Job | null> {
    return this.call('getJob', [id]);
  }
  updateJob(id: number, update: JobUpdate): Promise<Job | null> {
    return this.call('updateJob', [id, update]);
  }
  pruneJobs(kind: JobKind, target: string, keep: number): Promise<number> {
    return this.call('pruneJobs', [kind, target, keep]);
  }
  listWebhooks(): Promise<Webhook[]> {
    return this.call('listWebhooks', []);
  }
  saveWebhook(hook: Webhook): Promise<void> {
    return this.call('saveWebhook', [hook]);
  }
  deleteWebhook(id: string): Promise<boolean> {
    return this.call('deleteWebhook', [id]);
  }

  async *scan(inbox?: string): AsyncIterable<StoredMessage> {
    const scanId = await this.call<number>('scanOpen', [inbox]);
    let done = false;
    try {
      while (!done) {
        const page = await this.call<ScanPage>('scanNext', [scanId]);
        done = page.done;
        for (const m of page.messages) yield reviveStored(m);
      }
    } finally {
      // A consumer that stops early releases the worker's cursor.
      if (!done && !this.stopped) await this.call('scanClose', [scanId]).catch(() => {});
    }
  }

  /** Sends close after every call made before it (one FIFO port), then ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.stopped) return;
      const closed = this.call<void>('close', []);
      this.stopped = { closed: true, reason: 'the store is closed' };
      try {
        await closed;
      } finally {
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private call<T>(method: StoreMethod, args: unknown[], transfer?: ArrayBuffer): Promise<T> {
    if (this.stopped) return Promise.reject(this.failure(method, this.stopped.reason));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.outbox.push(this.now ? { id, method, args, now: this.now().getTime() } : { id, method, args }, transfer);
    });
  }

  private receive(items: WorkerItem[]): void {
    for (const item of items) {
      if (item.t === 'log') relayLog(this.logger, item.line);
      else if (item.t === 'ok' || item.t === 'err') this.settle(item.id, item.t === 'ok' ? item.value : undefined, item.t === 'err' ? item.error : null);
    }
  }

  private settle(id: number, value: unknown, error: WireError | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (error) p.reject(fromWireError(error));
    else p.resolve(value);
  }

  /** The thread is gone: every call waiting fails (inserts as storage_failed, so SMTP says 451). */
  private died(code: number): void {
    const closing = this.stopped?.closed === true;
    if (!closing) {
      this.stopped = { closed: false, reason: `the store thread stopped (exit code ${code})` };
      this.logger.error({ code, pending: this.pending.size }, 'the store thread stopped; messages are refused until restart');
    }
    const reason = this.stopped?.reason ?? 'the store is closed';
    for (const p of this.pending.values()) p.reject(this.failure(p.method, reason));
    this.pending.clear();
  }

  /** A dead thread fails inserts as storage_failed (the sender retries) and reads as unavailable; after close, all are unavailable. */
  private failure(method: StoreMethod, reason: string): DevmailError {
    const dead = this.stopped !== null && !this.stopped.closed;
    return new DevmailError(dead && method === 'insert' ? 'storage_failed' : 'unavailable', reason);
  }
}
