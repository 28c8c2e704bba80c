import { rmSync, statSync } from 'node:fs';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { MailboxStats } from '../../core/bus.js';
import { DevmailError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { MessageSummary, StoredMessage } from '../../core/types.js';
import { newMessageId } from '../ids.js';
import type { SqliteStoreOptions } from '../sqlite/open-sqlite-store.js';
import type {
  IndexerModule,
  InsertResult,
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
  type CrashRequest,
  type ScanPage,
  type StoreMethod,
  type WireError,
  type WorkerInit,
  type WorkerItem,
} from './rpc.js';
import { RestartBackoff, startStoreThread, type RestartDelays, type StartedStoreThread } from './store-thread.js';

/** Options of the worker-hosted SQLite store: the in-thread ones, with the indexer as a module. */
export interface WorkerStoreOptions extends Omit<SqliteStoreOptions, 'indexer'> {
  /** Loaded in the store's thread; its factory may start threads of its own (the MIME parse pool). */
  indexer: IndexerModule;
  /** V8 heap limits of the store thread (default: an 8 MB young generation). */
  resourceLimits?: ResourceLimits;
  /** The back-off of starting the thread again after it died (default 100 ms, doubling to 5 s). */
  restart?: RestartDelays;
  /** How long inserts in flight when the thread died wait for the next one (default 10 s; see DEFAULT_IN_DOUBT_WAIT_MS). */
  inDoubtWaitMs?: number;
}

/**
 * How long inserts whose thread died before answering wait for a restarted thread to say
 * whether they were stored: longer than the back-off's first steps, far shorter than the
 * minutes an SMTP client waits for its reply to the end of DATA. Past it, or when the restart
 * is due later, they fail as 451 (and the message may be stored twice if the sender retries).
 */
const DEFAULT_IN_DOUBT_WAIT_MS = 10_000;

/**
 * Opens a SQLite store in its own worker thread and returns a Store that forwards to it. The
 * group commit's fsync and the index writes then block that thread, not the main event loop.
 */
export async function openWorkerStore(options: WorkerStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger();
  const { indexer, logger: _logger, now, resourceLimits, restart, inDoubtWaitMs, ...sqliteOptions } = options;
  const init: WorkerInit = {
    options: sqliteOptions,
    indexer: indexerHref(indexer),
    logLevel: logger.level,
    callerClock: now !== undefined,
  };
  const first = await startStoreThread(init, resourceLimits, logger);
  // A restart opens the same database again, by its location: ':temp:' would make a new one.
  const temp = sqliteOptions.path === ':temp:' || sqliteOptions.path === ':memory:';
  const again: WorkerInit = { ...init, options: { ...sqliteOptions, path: first.location, throwAway: temp || sqliteOptions.throwAway } };
  const restarts: Restarts = {
    start: () => startStoreThread(again, resourceLimits, logger),
    backoff: new RestartBackoff(restart),
    temp,
    inDoubtWaitMs: inDoubtWaitMs ?? DEFAULT_IN_DOUBT_WAIT_MS,
  };
  return new WorkerStore(first, restarts, logger, now);
}

/** How the store starts its thread again after it died. */
interface Restarts {
  start(): Promise<StartedStoreThread>;
  backoff: RestartBackoff;
  /** The database is a throw-away file: removed here when the store closes while its thread is down. */
  temp: boolean;
  /** How long inserts in flight when the thread died wait for the next one. */
  inDoubtWaitMs: number;
}

/**
 * Test-only control of the store thread (`testing.ts`'s `crashStoreThread`). A symbol, not a
 * Store method: nothing outside tests has it, and no route or flag reaches it.
 */
export const storeThreadControl = Symbol('devmail.storeThreadControl');

/** What `storeThreadControl` gives a test. */
export interface StoreThreadControl {
  /** Makes the thread die; resolves once the store has seen it die (calls then fail). */
  crash(request: CrashRequest): Promise<void>;
  /** Holds restarts until the returned function is called (to look at the store while down). */
  holdRestarts(): () => void;
}

interface PendingCall {
  method: StoreMethod;
  /** An insert's message ID: how the store finds out whether it was stored when its answer is lost. */
  insertId?: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/**
 * The main thread's side: each method is one call to the worker; answers settle by call id.
 * When the thread dies, the calls in flight fail, so do calls made while it is down, and the
 * thread is started again on the same database after a bounded back-off, so mail is taken
 * again without a restart of devmail. Readiness (`/readyz`) asks the store, so it is 503
 * exactly while the thread is down.
 *
 * An insert in flight may have committed before the thread died: its answer is what was lost.
 * Each insert therefore carries an ID made here, and the inserts in flight wait for the
 * restarted thread to look their IDs up: those stored resolve (SMTP answers 250, as it would
 * have), the others fail as storage_failed (451, and the sender retries), so a 451 means "not
 * stored" and a retry does not store a message twice. Only when no thread answers within
 * `inDoubtWaitMs` do they fail without knowing, as every insert in flight did before.
 */
class WorkerStore implements Store {
  private readonly pending = new Map<number, PendingCall>();
  private worker: Worker | null = null;
  private outbox: Outbox<Call> | null = null;
  private readonly location: string;
  private nextId = 1;
  /** Why calls fail now: after close (unavailable), or while the thread is down. */
  private stopped: { closed: boolean; reason: string } | null = null;
  private closing: Promise<void> | null = null;
  /** The thread's uncaught error, kept for the one log line of its death. */
  private threadError: Error | null = null;
  /** Counts thread starts: a scan's cursor lives in one thread and ends with it. */
  private generation = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarting: Promise<void> | null = null;
  /** A test holding restarts; released on close. */
  private restartHold: { held: Promise<void>; release(): void } | null = null;
  /** Inserts in flight when the thread died, waiting for the next thread to say whether they were stored. */
  private inDoubt: PendingCall[] = [];
  /** Fails `inDoubt` once it has waited `inDoubtWaitMs` (referenced: it keeps a CLI waiting for its answer). */
  private inDoubtTimer: NodeJS.Timeout | null = null;

  constructor(
    first: StartedStoreThread,
    private readonly restarts: Restarts,
    private readonly logger: Logger,
    private readonly now: (() => Date) | undefined,
  ) {
    this.location = first.location;
    this.attach(first.worker);
  }

  /** Talks to this thread from now on. */
  private attach(worker: Worker): void {
    this.worker = worker;
    this.outbox = new Outbox((calls, transfer) => worker.postMessage(calls, transfer));
    this.generation++;
    this.restarts.backoff.started();
    worker.unref(); // referenced only while calls are pending: an idle store does not hold the process open
    worker.on('message', (items: WorkerItem[]) => this.receive(items));
    worker.on('error', (err) => (this.threadError ??= err));
    worker.on('exit', (code) => this.died(worker, code));
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

  insert(message: NewMessage): Promise<InsertResult> {
    if (!Buffer.isBuffer(message.raw)) return this.call('insert', [message]); // the thread says why it is refused
    const raw = tightCopy(message.raw);
    const id = message.id ?? newMessageId();
    return this.call('insert', [{ ...message, raw, id }], raw.buffer as ArrayBuffer, id);
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
  getSummaries(ids: string[]): Promise<MessageSummary[]> {
    return this.call('getSummaries', [ids]);
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
    const generation = this.generation;
    let done = false;
    try {
      while (!done) {
        if (this.generation !== generation) throw new DevmailError('unavailable', 'the store thread was restarted during the scan');
        const page = await this.call<ScanPage>('scanNext', [scanId]);
        done = page.done;
        for (const m of page.messages) yield reviveStored(m);
      }
    } finally {
      // A consumer that stops early releases the worker's cursor.
      if (!done && !this.stopped && this.generation === generation) await this.call('scanClose', [scanId]).catch(() => {});
    }
  }

  /**
   * Sends close after every call made before it (one FIFO port), then ends the thread. While the
   * thread is down, stops the restarts instead (and removes a throw-away database).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.stopped?.closed) return;
      const worker = this.worker;
      if (!worker) {
        this.stopped = { closed: true, reason: 'the store is closed' };
        this.failInDoubt('the store is closed');
        if (this.restartTimer) clearTimeout(this.restartTimer);
        this.restartTimer = null;
        this.restartHold?.release();
        await this.restarting;
        if (this.restarts.temp) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${this.location}${suffix}`, { force: true });
        return;
      }
      const closed = this.call<void>('close', []);
      this.stopped = { closed: true, reason: 'the store is closed' };
      try {
        await closed;
      } finally {
        await worker.terminate();
      }
    })();
    return this.closing;
  }

  /** For `storeThreadControl`: see testing.ts. */
  [storeThreadControl](): StoreThreadControl {
    return {
      crash: (request) => {
        const worker = this.worker;
        if (!worker) return Promise.reject(new DevmailError('unavailable', 'the store thread is not running'));
        // Registered after attach()'s listener: resolves once died() has run.
        const died = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        this.call('crashForTest', [request]).catch(() => {});
        return died;
      },
      holdRestarts: () => {
        if (!this.restartHold) {
          let resolve!: () => void;
          const held = new Promise<void>((r) => (resolve = r));
          const release = () => {
            this.restartHold = null;
            resolve();
          };
          this.restartHold = { held, release };
        }
        return this.restartHold.release;
      },
    };
  }

  private call<T>(method: StoreMethod, args: unknown[], transfer?: ArrayBuffer, insertId?: string): Promise<T> {
    const { worker, outbox } = this;
    if (this.stopped || !worker || !outbox) return Promise.reject(this.failure(method, this.stopped?.reason ?? 'the store thread is not running'));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { method, insertId, resolve: resolve as (v: unknown) => void, reject });
      outbox.push(this.now ? { id, method, args, now: this.now().getTime() } : { id, method, args }, transfer);
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
    if (this.pending.size === 0) this.worker?.unref();
    if (error) p.reject(fromWireError(error));
    else p.resolve(value);
  }

  /**
   * The thread is gone: the death is logged once with its cause, and unless the store is
   * closing, a new thread is started after the back-off's delay. Inserts in flight are kept for
   * that thread to say whether they were stored (see the class), if it is due within the wait;
   * every other call in flight fails (inserts as storage_failed, so SMTP says 451).
   */
  private died(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = null;
    this.outbox = null;
    const cause = this.threadError;
    this.threadError = null;
    let waitForRestart = false;
    if (this.stopped?.closed !== true) {
      this.stopped = { closed: false, reason: `the store thread stopped (${cause ? cause.message : `exit code ${code}`})` };
      const delayMs = this.restarts.backoff.afterDeath();
      this.logger.error(
        { err: cause ?? undefined, code, pending: this.pending.size, restartInMs: delayMs },
        'the store thread stopped; messages are refused until it has started again',
      );
      this.scheduleRestart(delayMs);
      waitForRestart = delayMs < this.restarts.inDoubtWaitMs;
    }
    const reason = this.stopped?.reason ?? 'the store is closed';
    for (const p of this.pending.values()) {
      if (waitForRestart && p.insertId !== undefined) this.inDoubt.push(p);
      else p.reject(this.failure(p.method, reason));
    }
    this.pending.clear();
    if (this.inDoubt.length > 0 && !this.inDoubtTimer) {
      const waitMs = this.restarts.inDoubtWaitMs;
      this.inDoubtTimer = setTimeout(() => this.failInDoubt(`${reason}, and was not running again within ${waitMs} ms`), waitMs);
    }
  }

  /**
   * Asks the thread just started which of the inserts in doubt it holds: those resolve with
   * their ID (and summary), the others fail as storage_failed. If it cannot tell (it died too),
   * they all fail: none of them has been answered 250.
   */
  private async settleInDoubt(): Promise<void> {
    const waiting = this.takeInDoubt();
    if (waiting.length === 0) return;
    let stored: Map<string, MessageSummary>;
    try {
      stored = new Map((await this.getSummaries(waiting.map((p) => p.insertId!))).map((s) => [s.id, s]));
    } catch (err) {
      this.logger.warn({ err, inserts: waiting.length }, 'could not tell whether the inserts in flight when the store thread stopped were stored');
      for (const p of waiting) p.reject(new DevmailError('storage_failed', 'the store thread stopped while storing the message'));
      return;
    }
    for (const p of waiting) {
      const summary = stored.get(p.insertId!);
      if (summary) p.resolve({ id: summary.id, summary } satisfies InsertResult);
      else p.reject(new DevmailError('storage_failed', 'the store thread stopped before the message was stored'));
    }
    this.logger.info({ stored: stored.size, notStored: waiting.length - stored.size }, 'answered the inserts in flight when the store thread stopped');
  }

  /** Fails every insert in doubt (not known to be stored, so storage_failed). */
  private failInDoubt(reason: string): void {
    for (const p of this.takeInDoubt()) p.reject(new DevmailError('storage_failed', reason));
  }

  private takeInDoubt(): PendingCall[] {
    const waiting = this.inDoubt;
    this.inDoubt = [];
    if (this.inDoubtTimer) clearTimeout(this.inDoubtTimer);
    this.inDoubtTimer = null;
    return waiting;
  }

  private scheduleRestart(delayMs: number): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.restarting = this.restart().finally(() => (this.restarting = null));
    }, delayMs);
    this.restartTimer.unref(); // the listeners keep a server alive; a store alone does not hold the process
  }

  /** Starts a thread on the same database; on failure, tries again after a longer wait. */
  private async restart(): Promise<void> {
    await this.restartHold?.held;
    if (this.stopped?.closed) return;
    let started: StartedStoreThread;
    try {
      started = await this.restarts.start();
    } catch (err) {
      if (this.stopped?.closed) return;
      const delayMs = this.restarts.backoff.afterFailedStart();
      this.logger.warn({ err, restartInMs: delayMs }, 'the store thread did not start again; trying later');
      this.scheduleRestart(delayMs);
      return;
    }
    if (this.stopped?.closed) {
      await started.worker.terminate();
      return;
    }
    this.attach(started.worker);
    this.stopped = null;
    this.logger.info({ database: started.location }, 'the store thread is running again; messages are accepted');
    await this.settleInDoubt();
  }

  /** A dead thread fails inserts as storage_failed (the sender retries) and reads as unavailable; after close, all are unavailable. */
  private failure(method: StoreMethod, reason: string): DevmailError {
    const dead = this.stopped !== null && !this.stopped.closed;
    return new DevmailError(dead && method === 'insert' ? 'storage_failed' : 'unavailable', reason);
  }
}
