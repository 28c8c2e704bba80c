import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../core/logger.js';
import { DevmailError } from '../../core/errors.js';
import type { IndexFields, MessageIndexer } from '../store.js';
import { WriteTickets } from './write-tickets.js';

/** A committed message waiting for its full parse. `raw` is null when it must be read back. */
export interface IndexJob {
  seq: number;
  raw: Buffer | null;
}

/** The outcome of one job, ready to write. */
export interface IndexedRow {
  seq: number;
  fields: IndexFields;
}

/** What an IndexQueue needs from its store. */
export interface IndexQueueOptions {
  indexer: MessageIndexer;
  /** The stored raw bytes of a message, or null when it has been deleted meanwhile. */
  loadRaw(seq: number): Buffer | null;
  /** Writes a batch of results in one transaction (skipping rows deleted meanwhile). */
  writeBatch(rows: IndexedRow[]): void;
  logger: Logger;
  /** Jobs parsed and written together. */
  batchSize?: number;
  /** An indexer call still pending after this long counts as failed (a hung worker must not stall every read). */
  indexerTimeoutMs?: number;
  /** Raw bytes held in memory for queued jobs; past this, jobs re-read their raw bytes from the database. */
  maxQueuedRawBytes?: number;
  /**
   * True while inserts wait for their commit: a batch then waits one turn before its write, so
   * the commit (and the 250s it releases) does not queue behind an index transaction.
   */
  commitsWaiting?(): boolean;
}

const writeAttempts = 3;

/**
 * Jobs per index batch. The index write shares the store thread with the group commit. Chosen
 * when a batch also wrote its FTS rows (~90 µs each; 128 rows held commits back ~11 ms, 16 kept
 * a write near 1.5 ms); those rows now go to the search backlog, so a batch writes only the
 * parse results (~40 µs a row) and 16 is on the safe side.
 */
const DEFAULT_BATCH_SIZE = 16;

/**
 * The deferred index: full parses run after the commit that acknowledged a message, in
 * batches, one transaction per batch, in the order the messages were committed; the batch's
 * full-text rows are handed on to the search backlog (see `writeBatch`). `drain()` is
 * how reads get read-your-writes: it resolves once every job queued before the call is written
 * (later jobs do not hold it up, so a steady stream of mail never starves a reader).
 */
export class IndexQueue {
  private jobs: IndexJob[] = [];
  private head = 0;
  private queuedRawBytes = 0;
  private readonly tickets = new WriteTickets();
  private running = false;
  private stopped = false;
  private readonly batchSize: number;
  private readonly indexerTimeoutMs: number;
  private readonly maxQueuedRawBytes: number;

  constructor(private readonly options: IndexQueueOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.indexerTimeoutMs = options.indexerTimeoutMs ?? 30_000;
    this.maxQueuedRawBytes = options.maxQueuedRawBytes ?? 16 * 1024 * 1024;
  }

  /** Jobs not yet written. */
  get pending(): number {
    return this.tickets.pending;
  }

  /** Queues jobs (in commit order) and starts the worker if it is idle. */
  enqueue(jobs: IndexJob[]): void {
    if (this.stopped) return;
    for (const job of jobs) {
      let raw = job.raw;
      if (raw && this.queuedRawBytes + raw.length > this.maxQueuedRawBytes) raw = null;
      if (raw) this.queuedRawBytes += raw.length;
      this.jobs.push({ seq: job.seq, raw });
    }
    this.tickets.issue(jobs.length);
    if (!this.running && this.pending > 0) void this.run();
  }

  /** Resolves when every job queued before this call has been written. */
  drain(): Promise<void> {
    return this.tickets.drain();
  }

  /** Stops for good: queued jobs are dropped (their rows stay unindexed, re-indexed at next open). */
  stop(): void {
    this.stopped = true;
    this.jobs = [];
    this.head = 0;
    this.tickets.close();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && this.head < this.jobs.length) {
        const batch = this.jobs.slice(this.head, this.head + this.batchSize);
        const rows = await this.indexBatch(batch);
        if (this.stopped) return;
        if (this.options.commitsWaiting?.()) await nextTurn(); // once: a steady stream must not starve the index
        if (this.stopped) return;
        await this.writeWithRetries(rows);
        if (this.stopped) return;
        for (const job of batch) if (job.raw) this.queuedRawBytes -= job.raw.length;
        this.head += batch.length;
        if (this.head > 4096 && this.head * 2 > this.jobs.length) {
          this.jobs = this.jobs.slice(this.head);
          this.head = 0;
        }
        this.tickets.settle(batch.length);
        await nextTurn(); // let I/O (SMTP sessions) in between batches
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs the indexer over a batch, concurrently (it may be a pool of workers). Never throws. */
  private async indexBatch(batch: IndexJob[]): Promise<IndexedRow[]> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.indexerTimeoutMs);
      timer.unref();
    });
    try {
      const rows = await Promise.all(batch.map((job) => this.indexOne(job, deadline)));
      return rows.filter((row): row is IndexedRow => row !== null);
    } finally {
      clearTimeout(timer);
    }
  }

  private async indexOne(job: IndexJob, deadline: Promise<'timeout'>): Promise<IndexedRow | null> {
    let raw: Buffer | null;
    try {
      raw = job.raw ?? this.options.loadRaw(job.seq);
    } catch (err) {
      this.options.logger.error({ err, seq: job.seq }, 'cannot read a message back to index it');
      return null;
    }
    if (raw === null) return null; // deleted meanwhile
    try {
      const fields = await Promise.race([Promise.resolve().then(() => this.options.indexer(raw)), deadline]);
      if (fields === 'timeout') throw new Error(`indexer gave no answer in ${this.indexerTimeoutMs} ms`);
      return { seq: job.seq, fields };
    } catch (err) {
      // A message the indexer chokes on is still listed: empty snippet, the error kept.
      this.options.logger.warn({ err, seq: job.seq }, 'indexing a message failed');
      const parseError = `indexing failed: ${err instanceof Error ? err.message : String(err)}`;
      return { seq: job.seq, fields: { snippet: '', attachments: 0, inline: 0, searchText: '', parseError } };
    }
  }

  private async writeWithRetries(rows: IndexedRow[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.options.writeBatch(rows);
        return;
      } catch (err) {
        if (attempt >= writeAttempts) {
          // Give the batch up: its rows stay unindexed (re-indexed at the next open), and the
          // readers waiting for it learn that the store failed rather than wait forever.
          this.options.logger.error({ err, rows: rows.length }, 'writing the search index failed; giving up on a batch');
          this.tickets.settle(0, new DevmailError('storage_failed', 'writing the search index failed', { cause: err }));
          return;
        }
        this.options.logger.warn({ err, attempt }, 'writing the search index failed; retrying');
        await sleep(25 * attempt);
        if (this.stopped) return;
      }
    }
  }
}
