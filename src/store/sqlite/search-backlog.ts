import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { DevmailError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { WriteTickets } from './write-tickets.js';

/** A message's full-text row, parsed and waiting to be written to the search index. */
export interface SearchRow {
  seq: number;
  subject: string;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  body: string;
}

/** What waits in the backlog: a row, or the seq of a stored message whose row is made when written. */
type SearchEntry = SearchRow | number;

/** What a SearchBacklog needs from its store. */
export interface SearchBacklogOptions {
  /** Writes rows in one transaction, skipping the rows of messages deleted meanwhile. */
  write(rows: SearchRow[]): void;
  /**
   * The row of a stored message queued by `addStored`, made from the store when it is about to
   * be written; null when the message is gone.
   */
  makeRow(seq: number): SearchRow | null;
  /** True while inserts wait for their commit: a chunk then waits one turn, so 250s go first. */
  commitsWaiting(): boolean;
  logger: Logger;
  /** Rows per transaction. */
  chunkRows?: number;
  /** Past this many rows queued, they are written without waiting for a search or a pause. */
  maxRows?: number;
  /** Past this many characters of text held (rows given to `add`), they are written likewise. */
  maxChars?: number;
  /** Rows are written once no row has been added for this long. */
  idleMs?: number;
}

const writeAttempts = 3;

/**
 * Rows made in one turn before their chunk is written: a read arriving meanwhile waits for one
 * slice (~1 ms), not for the whole chunk's (~25 µs a row, ~7 ms).
 */
const MAKE_SLICE = 32;

/**
 * Rows per transaction. An FTS5 insert costs far less per row in a large transaction (measured
 * here, a 2 KB message's row: ~74 µs in transactions of 10, ~39 µs of 128, ~28 µs of 500),
 * while one transaction holds the store thread (and the commits queued behind it): 256 rows
 * keep a chunk near 8 ms.
 */
const DEFAULT_CHUNK_ROWS = 256;
/**
 * How far the index may fall behind during a flood of mail. A burst up to this size is indexed
 * after it, not during it, where each chunk would hold the store thread (and every session's
 * 250) for ~8 ms. A search waits for the whole backlog: measured right after 20,000 messages
 * of 2 KB, ~1.1 s — with the bound of 2,000 it was 0.15 s, and the burst took ~15% longer.
 */
const DEFAULT_MAX_ROWS = 20_000;
const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;
const DEFAULT_IDLE_MS = 100;

/**
 * The second stage of the deferred index: full-text rows wait here, in commit order, and go to
 * the FTS table in large chunks — when a search needs them (`drain()`), when mail stops
 * arriving for a moment, or when too many are queued. A burst of mail is therefore indexed in a
 * few large transactions after (or, if it lasts, during) the burst rather than in one small one
 * per index batch, and reads that do not search never wait for it.
 *
 * Two kinds of row wait here. Most are queued as a seq alone (`addStored`): rows the store can
 * make from the stored message without the full parse (the quick index reads it), made just
 * before they are written. A row waiting longer than a moment would otherwise be promoted to
 * V8's old generation with its text: holding rows cost more in GC than making them later
 * (measured, 100,000 messages of 2 KB on 10 reused sessions: 4,951–4,973 msg/s and a peak RSS
 * of 166 MB holding none, 4,676–4,677 and 174–182 MB holding up to 8 M characters). The rows
 * the full parse made (`add`) come with their text, up to `maxChars` of it.
 *
 * Rows not written yet are on disk as `indexed = 2` (see the migrations): after a crash they
 * are parsed and queued again at the next open.
 */
export class SearchBacklog {
  private rows: SearchEntry[] = [];
  private chars = 0;
  private readonly tickets = new WriteTickets();
  private goal = 0; // every ticket up to this one is to be written now
  private running = false;
  private stopped = false;
  private idle: NodeJS.Timeout | null = null;
  private readonly idleMs: number;
  private readonly chunkRows: number;
  private readonly maxRows: number;
  private readonly maxChars: number;

  constructor(private readonly options: SearchBacklogOptions) {
    this.chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Rows not yet written. */
  get pending(): number {
    return this.tickets.pending;
  }

  /** Queues rows with their text (in commit order); writes them now past `maxChars`. */
  add(rows: SearchRow[]): void {
    if (this.stopped || rows.length === 0) return;
    for (const row of rows) {
      this.rows.push(row);
      this.chars += row.body.length;
    }
    this.queued(rows.length);
    if (this.chars >= this.maxChars) this.writeAll();
  }

  /** Queues the rows of stored messages (in commit order), made by `makeRow` when written. */
  addStored(seqs: number[]): void {
    if (this.stopped || seqs.length === 0) return;
    for (const seq of seqs) this.rows.push(seq);
    this.queued(seqs.length);
  }

  /** Counts rows just queued in; past the row bound starts writing, else waits for a pause. */
  private queued(count: number): void {
    this.tickets.issue(count);
    // Over the row bound, the oldest chunk goes now and the rest still waits for a pause: a
    // flood longer than the bound is indexed a chunk at a time as it goes, the backlog held
    // at the bound, rather than all at once.
    if (this.rows.length >= this.maxRows) this.writeOldest(this.rows.length - this.maxRows + this.chunkRows);
    if (this.idle) this.idle.refresh();
    else {
      this.idle = setTimeout(() => this.writeAll(), this.idleMs);
      this.idle.unref();
    }
  }

  /** Resolves when every row queued before this call is written (a search's read-your-writes). */
  drain(): Promise<void> {
    const waiting = this.tickets.drain();
    if (this.tickets.pending > 0 && !this.stopped) this.writeAll();
    return waiting;
  }

  /** Stops for good: queued rows are dropped (their messages are indexed again at next open). */
  stop(): void {
    this.stopped = true;
    this.disarm();
    this.rows = [];
    this.chars = 0;
    this.tickets.close();
  }

  /** Sets every row queued so far to be written, and starts writing. */
  private writeAll(): void {
    this.disarm();
    this.writeOldest(this.rows.length);
  }

  /** Sets the oldest `count` rows waiting (and any set before) to be written, and starts writing. */
  private writeOldest(count: number): void {
    // The rows waiting hold the last tickets issued: settled + waiting = last between chunks.
    this.goal = Math.max(this.goal, this.tickets.last - this.rows.length + Math.min(count, this.rows.length));
    if (!this.running && this.tickets.settled < this.goal) void this.run();
  }

  private disarm(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && this.tickets.settled < this.goal) {
        if (this.options.commitsWaiting()) await nextTurn(); // once: a steady stream must not starve searches
        if (this.stopped) return;
        const count = Math.min(this.chunkRows, this.goal - this.tickets.settled);
        const chunk = this.rows.splice(0, count);
        for (const entry of chunk) if (typeof entry !== 'number') this.chars -= entry.body.length;
        const rows = await this.made(chunk);
        if (this.stopped) return;
        await this.writeWithRetries(rows, chunk.length);
        await nextTurn(); // let I/O (and commits) in between chunks
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * The chunk's rows, those queued as a seq made now (in slices, a turn each); a row that cannot
   * be made (its message gone, or the store failing) is left out: its message stays
   * `indexed = 2`, indexed again at the next open if it still exists.
   */
  private async made(chunk: SearchEntry[]): Promise<SearchRow[]> {
    const rows: SearchRow[] = [];
    let sliced = 0;
    for (const entry of chunk) {
      if (typeof entry !== 'number') {
        rows.push(entry);
        continue;
      }
      if (sliced > 0 && sliced % MAKE_SLICE === 0) await nextTurn();
      sliced++;
      try {
        const row = this.options.makeRow(entry);
        if (row) rows.push(row);
      } catch (err) {
        this.options.logger.error({ err, seq: entry }, 'making a full-text row failed; the message is indexed at the next start');
      }
    }
    return rows;
  }

  /** Writes `rows`, settling the `tickets` of the chunk they came from (rows left out included). */
  private async writeWithRetries(rows: SearchRow[], tickets: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.options.write(rows);
        this.tickets.settle(tickets);
        return;
      } catch (err) {
        if (attempt >= writeAttempts) {
          // Give the chunk up: its messages stay `indexed = 2` (indexed again at the next open),
          // and the searches waiting for it learn that the store failed rather than wait forever.
          this.options.logger.error({ err, rows: rows.length }, 'writing the search index failed; giving up on a chunk');
          this.tickets.settle(tickets, new DevmailError('storage_failed', 'writing the search index failed', { cause: err }));
          return;
        }
        this.options.logger.warn({ err, attempt }, 'writing the search index failed; retrying');
        await sleep(25 * attempt);
        if (this.stopped) return;
      }
    }
  }
}
