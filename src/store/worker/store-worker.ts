/**
 * The store worker's entry: owns the SqliteStore (and, through the indexer it loads, the parse
 * thread). Group commits, their fsync and the index writes block this thread's event loop only,
 * so the main thread keeps serving SMTP sessions and queueing the next group meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { DevmailError } from '../../core/errors.js';
import type { StoredMessage } from '../../core/types.js';
import { openSqliteStore } from '../sqlite/open-sqlite-store.js';
import type { LoadedIndexer, NewMessage, Store } from '../store.js';
import { loadIndexer } from './load-indexer.js';
import { asBuffer, Outbox, toWireError, type Call, type CrashRequest, type ScanPage, type WorkerInit, type WorkerItem } from './rpc.js';

/** Messages per scan page sent to the main thread. */
const scanPageSize = 100;

const port = parentPort;
if (!port) throw new Error('store-worker.ts runs as a worker thread');
const init = workerData as WorkerInit;
const outbox = new Outbox<WorkerItem>((items, transfer) => port.postMessage(items, transfer));
const logger = pino({ level: init.logLevel, base: undefined }, { write: (line: string) => outbox.push({ t: 'log', line }) });

let callerNow = 0;
let indexer: LoadedIndexer | null = null;
let store: Store;
const scans = new Map<number, AsyncIterator<StoredMessage>>();
/** Set by a test's crash request: the thread exits once the next insert has committed. */
let exitAfterCommit = false;

try {
  indexer = await loadIndexer(init.indexer);
  store = await openSqliteStore({
    ...init.options,
    indexer: indexer.index,
    quickIndexer: indexer.quick,
    logger,
    now: init.callerClock ? () => new Date(callerNow) : undefined,
  });
  outbox.push({ t: 'ready', location: store.info.location });
} catch (err) {
  await indexer?.close().catch(() => {});
  outbox.push({ t: 'failed', error: toWireError(err) });
}

port.on('message', (calls: Call[]) => {
  // In arrival order, synchronously: the store sees calls in the order the main thread made them.
  for (const call of calls) {
    if (call.now !== undefined) callerNow = call.now;
    let result: Promise<unknown>;
    try {
      result = dispatch(call);
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (value) => outbox.push({ t: 'ok', id: call.id, value }),
      (err: unknown) => outbox.push({ t: 'err', id: call.id, error: toWireError(err) }),
    );
  }
});

function dispatch({ id, method, args }: Call): Promise<unknown> {
  const a = args as never[];
  switch (method) {
    case 'insert': {
      const message = args[0] as NewMessage;
      const stored = store.insert({ ...message, raw: asBuffer(message.raw) });
      return exitAfterCommit ? stored.then(() => process.exit(3)) : stored;
    }
    case 'list': return store.list(a[0]);
    case 'get': return store.get(a[0], a[1]);
    case 'getSummary': return store.getSummary(a[0], a[1]);
    case 'getSummaries': return store.getSummaries(a[0]);
    case 'latestId': return store.latestId(a[0]);
    case 'setRead': return store.setRead(a[0], a[1]);
    case 'delete': return store.delete(a[0]);
    case 'stats': return store.stats(a[0]);
    case 'listTags': return store.listTags(a[0]);
    case 'setTags': return store.setTags(a[0], a[1], a[2]);
    case 'renameTag': return store.renameTag(a[0], a[1], a[2]);
    case 'deleteTag': return store.deleteTag(a[0], a[1]);
    case 'prune': return store.prune(a[0]);
    case 'matchingIds': return store.matchingIds(a[0], a[1], a[2]);
    case 'addJob': return store.addJob(a[0]);
    case 'listJobs': return store.listJobs(a[0]);
    case 'getJob': return store.getJob(a[0]);
    case 'updateJob': return store.updateJob(a[0], a[1]);
    case 'pruneJobs': return store.pruneJobs(a[0], a[1], a[2]);
    case 'listWebhooks': return store.listWebhooks();
    case 'saveWebhook': return store.saveWebhook(a[0]);
    case 'deleteWebhook': return store.deleteWebhook(a[0]);
    case 'scanOpen': {
      scans.set(id, store.scan(a[0])[Symbol.asyncIterator]());
      return Promise.resolve(id);
    }
    case 'scanNext': return nextScanPage(a[0]);
    case 'scanClose': return closeScan(a[0]);
    case 'close': return closeAll();
    case 'crashForTest': return crashForTest(a[0]);
    default: return Promise.reject(new DevmailError('internal', `unknown store method "${String(method)}"`));
  }
}

async function nextScanPage(scanId: number): Promise<ScanPage> {
  const it = scans.get(scanId);
  if (!it) throw new DevmailError('bad_request', 'no such scan');
  const messages: StoredMessage[] = [];
  while (messages.length < scanPageSize) {
    const next = await it.next();
    if (next.done) {
      scans.delete(scanId);
      return { messages, done: true };
    }
    messages.push(next.value);
  }
  return { messages, done: false };
}

async function closeScan(scanId: number): Promise<void> {
  const it = scans.get(scanId);
  scans.delete(scanId);
  await it?.return?.();
}

/** Flushes the group commit and the index (the store's close), then stops the parse thread. */
async function closeAll(): Promise<void> {
  for (const id of [...scans.keys()]) await closeScan(id);
  try {
    await store.close();
  } finally {
    await indexer?.close();
  }
}

/**
 * Kills this thread as a bug would (testing.ts, through a symbol of the main thread's store: no
 * route or flag reaches it). The error is thrown from a microtask so it escapes the call's
 * try/catch and runs before the next call is taken from the port. 'exit-after-commit' arms the
 * exit for the next insert: its group's commit settles every insert of the group in one run of
 * microtasks, and the first to run exits, so no answer of the group reaches the outbox's flush.
 */
function crashForTest(request: CrashRequest): Promise<never> {
  if (request.how === 'exit-after-commit') {
    exitAfterCommit = true;
    return new Promise<never>(() => {});
  }
  const { how, stallMs } = request;
  if (stallMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stallMs);
  if (how === 'exit') process.exit(3);
  queueMicrotask(() => {
    throw new Error('the store thread was made to fail by a test');
  });
  return new Promise<never>(() => {});
}
