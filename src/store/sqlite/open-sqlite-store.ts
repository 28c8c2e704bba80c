import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DevmailError, isDevmailError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { MessageIndexer, QuickIndexer, Store } from '../store.js';
import { migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /**
   * A database file (created when missing), or ':temp:' for a throw-away file removed on close
   * (':memory:' means the same: WAL needs a file).
   */
  path: string;
  /**
   * The file at `path` is a throw-away one, removed on close as ':temp:' is: a ':temp:' database
   * opened again by its location (the store thread started again after it died).
   */
  throwAway?: boolean;
  /** Computes snippet, counts and search text from raw bytes, after the commit. */
  indexer: MessageIndexer;
  /** Indexes simple messages at once, in the commit that stores them (see QuickIndexer). */
  quickIndexer?: QuickIndexer;
  logger?: Logger;
  /** The clock for `created` and retention (tests set it). */
  now?: () => Date;
  /**
   * FULL (default): every group commit is fsynced before inserts resolve — a 250 survives
   * power loss. NORMAL: durable across a crash of devmail, not of the machine; faster on slow disks.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a statement waits for another connection's lock before failing (the event loop waits too). */
  busyTimeoutMs?: number;
  /** How long `close()` waits for the deferred index; what is left is indexed at the next open. */
  closeTimeoutMs?: number;
  /** How long the search backlog waits for a pause in the mail before writing (tests make it long). */
  searchIdleMs?: number;
  /** Messages parsed and written per index transaction. */
  indexBatchSize?: number;
  /** An indexer call pending longer than this is recorded as a parse failure. */
  indexerTimeoutMs?: number;
}

/**
 * Opens (creating and migrating as needed) a SQLite store. Async for parity with stores that
 * connect over a network; the work here is synchronous. Rows committed but never indexed
 * (a crash between the two) are queued for indexing before it resolves.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const fresh = options.path === ':temp:' || options.path === ':memory:';
  const temp = fresh || options.throwAway === true;
  const path = fresh ? join(tmpdir(), `devmail-${randomUUID()}.db`) : resolve(options.path);
  const removeTemp = () => {
    if (!temp) return;
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  };
  const logger = options.logger ?? silentLogger();
  const synchronous = options.synchronous ?? 'FULL';
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw new DevmailError('config_invalid', `cannot open the database file "${path}"`, { cause: err });
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is "${String(mode)}", WAL is required`);
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('temp_store = MEMORY');
    // 8 MB of page cache. At 100k stored messages 8 MB timed list, search and get as 16 MB did
    // (within noise; 32 MB bought nothing either) and kept the server's peak RSS 14 MB lower.
    db.pragma('cache_size = -8000');
    db.pragma('journal_size_limit = 67108864'); // truncate a grown WAL back to 64 MB after checkpoints
    migrate(db);
  } catch (err) {
    db.close();
    removeTemp();
    if (isDevmailError(err)) throw err;
    throw new DevmailError('config_invalid', `cannot use the database file "${path}"`, { cause: err });
  }
  const store = new SqliteStore(db, {
    path,
    temp,
    indexer: options.indexer,
    quickIndexer: options.quickIndexer,
    logger,
    now: options.now ?? (() => new Date()),
    synchronous,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
    indexBatchSize: options.indexBatchSize,
    searchIdleMs: options.searchIdleMs,
    indexerTimeoutMs: options.indexerTimeoutMs,
    onClosed: removeTemp,
  });
  const resumed = store.resumeIndexing();
  if (resumed > 0) logger.info({ messages: resumed }, 'indexing messages stored but not yet indexed');
  logger.debug({ path, synchronous }, 'sqlite store open');
  return store;
}
