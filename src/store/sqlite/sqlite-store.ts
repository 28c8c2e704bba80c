import { statSync } from 'node:fs';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { MailboxStats } from '../../core/bus.js';
import { DevmailError, isDevmailError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { HeaderFields, MessageSummary, StoredMessage } from '../../core/types.js';
import { isMessageId } from '../ids.js';
import { parseSearch, type SearchNode } from '../search/parse-search.js';
import type {
  IndexFields,
  IndexPart,
  InsertResult,
  Job,
  JobKind,
  JobQuery,
  JobUpdate,
  ListQuery,
  ListResult,
  MessageIndexer,
  NewJob,
  NewMessage,
  QuickIndexer,
  RetentionPolicy,
  Selection,
  Store,
  StoreInfo,
  Webhook,
} from '../store.js';
import { compileSearch, type MatchPlan, type SqlFilter } from './compile-search.js';
import { GroupCommit } from './group-commit.js';
import { IndexQueue, type IndexJob, type IndexedRow } from './index-queue.js';
import { MessageTable, searchRow, type PendingInsert } from './message-table.js';
import { OutboxTable } from './outbox-table.js';
import { encodeRaw, type EncodedRaw } from './raw-codec.js';
import { SearchBacklog, type SearchRow } from './search-backlog.js';
import { StatementCache } from './statement-cache.js';
import { TagTable, normaliseTagNames, sortTagNames } from './tags.js';

/** What the store needs besides its open database. */
export interface SqliteStoreSettings {
  /** The database file (for `info`); `temp` when it is removed on close. */
  path: string;
  temp: boolean;
  indexer: MessageIndexer;
  quickIndexer?: QuickIndexer;
  logger: Logger;
  now: () => Date;
  /** The durability of message commits: FULL fsyncs each group (survives power loss). */
  synchronous: 'FULL' | 'NORMAL';
  /** How long `close()` waits for the deferred index before leaving the rest to the next open. */
  closeTimeoutMs: number;
  indexBatchSize?: number;
  indexerTimeoutMs?: number;
  /** See SearchBacklogOptions.idleMs. */
  searchIdleMs?: number;
  /** Raw bytes the index queue holds in memory (see IndexQueueOptions). */
  maxQueuedRawBytes?: number;
  /** Called after the database is closed (removes a temp file). */
  onClosed(): void;
}

/** Rows deleted in a page of retention or a bulk delete. */
const deleteBatchSize = 500;
/** Messages read per query while scanning. */
const scanPageSize = 100;
const defaultLimit = 50;

/**
 * The SQLite store: group-committed inserts, a deferred full-text index, keyset paging. This
 * class decides what runs when and what commits together; `MessageTable` and `TagTable` hold
 * the SQL. better-sqlite3 is synchronous, so each transaction runs whole between awaits.
 */
export class SqliteStore implements Store {
  private readonly sql: StatementCache;
  private readonly tags: TagTable;
  private readonly messages: MessageTable;
  private readonly outbox: OutboxTable;
  private readonly commits: GroupCommit<PendingInsert, InsertResult>;
  private readonly index: IndexQueue;
  private readonly search: SearchBacklog;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly settings: SqliteStoreSettings,
  ) {
    this.sql = new StatementCache(db);
    this.tags = new TagTable(this.sql);
    this.messages = new MessageTable(this.sql, this.tags);
    this.outbox = new OutboxTable(this.sql);
    this.commits = new GroupCommit({
      writeGroup: (items) => this.writeGroup(items),
      isItemError,
      toError: insertError,
    });
    this.index = new IndexQueue({
      indexer: settings.indexer,
      loadRaw: (seq) => this.messages.loadRaw(seq),
      writeBatch: (rows) => this.writeIndex(rows),
      logger: settings.logger,
      batchSize: settings.indexBatchSize,
      indexerTimeoutMs: settings.indexerTimeoutMs,
      maxQueuedRawBytes: settings.maxQueuedRawBytes,
      commitsWaiting: () => this.commits.pending > 0,
    });
    this.search = new SearchBacklog({
      write: (rows) => this.writeSearchRows(rows),
      makeRow: (seq) => this.storedSearchRow(seq),
      commitsWaiting: () => this.commits.pending > 0,
      logger: settings.logger,
      idleMs: settings.searchIdleMs,
    });
  }

  get info(): StoreInfo {
    let sizeBytes: number | null = null;
    try {
      sizeBytes = statSync(this.settings.path).size;
      sizeBytes += statSync(`${this.settings.path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      // gone or unreadable: unknown
    }
    return { kind: 'sqlite', location: this.settings.path, sizeBytes };
  }

  /** Queues messages committed but never indexed (a crash between the two) for indexing. */
  resumeIndexing(): number {
    const seqs = this.messages.unindexed();
    this.index.enqueue(seqs.map((seq) => ({ seq, raw: null })));
    return seqs.length;
  }

  insert(message: NewMessage): Promise<InsertResult> {
    if (this.closed) return Promise.reject(closedError());
    const invalid = invalidMessage(message);
    if (invalid) return Promise.reject(new DevmailError('bad_request', invalid));
    let encoded: EncodedRaw;
    try {
      encoded = encodeRaw(message.raw); // CPU work stays out of the commit, which blocks the loop
    } catch (err) {
      return Promise.reject(storageError(err, 'could not compress the message'));
    }
    return this.commits.submit({ message, encoded, created: this.settings.now().getTime(), fields: this.quickIndex(message.raw, message.headers, 'list') });
  }

  /**
   * The `part` of a message's index the quick indexer can read; null when it cannot (or fails),
   * which leaves the message to the full parse.
   */
  private quickIndex(raw: Buffer, headers: HeaderFields, part: IndexPart): IndexFields | null {
    if (!this.settings.quickIndexer) return null;
    try {
      return this.settings.quickIndexer(raw, headers, part);
    } catch (err) {
      this.settings.logger.warn({ err }, 'the quick index failed; the message goes to the full parse');
      return null;
    }
  }

  async list(query: ListQuery): Promise<ListResult> {
    const limit = query.limit ?? defaultLimit;
    let start = query.start ?? 0;
    if (!Number.isInteger(limit) || limit < 0) throw new DevmailError('bad_request', '"limit" must be 0 or more');
    if (!Number.isInteger(start) || start < 0) throw new DevmailError('bad_request', '"start" must be 0 or more');
    const search = this.parse(query.search, query.tz);
    return this.read(search !== null, () => {
      const totals = this.messages.totals(query.inbox);
      const matching = search ? this.messages.matching(this.where(query.inbox, search, 'fetch')) : totals;
      const plan = choosePlan(matching.total, totals.total, limit === 0 ? Infinity : start + limit);
      const filter = this.where(query.inbox, search, plan);
      if (query.before !== undefined) {
        const cursor = this.messages.position(query.before);
        if (!cursor) throw new DevmailError('bad_request', `no message "${query.before}" to page before`);
        filter.where += ' AND (m.created, m.seq) < (?, ?)';
        filter.params.push(cursor.created, cursor.seq);
        filter.narrow = false;
        start = 0;
      }
      return {
        // Nothing to page through past the last match: a search that matches little would
        // otherwise walk every message in list order to find that out.
        messages: start < matching.total ? this.messages.page(filter, limit === 0 ? -1 : limit, start) : [],
        total: totals.total,
        unread: totals.unread,
        matching: matching.total,
        matchingUnread: matching.unread,
        start,
      };
    });
  }

  async get(id: string, inbox?: string): Promise<StoredMessage | null> {
    return this.read(false, () => {
      const message = this.messages.find(id);
      return message && (inbox === undefined || message.summary.inbox === inbox) ? message : null;
    });
  }

  async getSummary(id: string, inbox?: string): Promise<MessageSummary | null> {
    return this.read(false, () => {
      const summary = this.messages.findSummary(id);
      return summary && (inbox === undefined || summary.inbox === inbox) ? summary : null;
    });
  }

  async getSummaries(ids: string[]): Promise<MessageSummary[]> {
    if (ids.length === 0) return [];
    return this.read(false, () => this.messages.findSummaries(ids));
  }

  async latestId(query: { inbox?: string; search?: string; tz?: string } = {}): Promise<string | null> {
    const search = this.parse(query.search, query.tz);
    return this.read(search !== null, () => {
      let plan: MatchPlan = 'fetch';
      if (search) {
        const matching = this.messages.matching(this.where(query.inbox, search, 'fetch'));
        if (matching.total === 0) return null;
        plan = choosePlan(matching.total, this.messages.totals(query.inbox).total, 1);
      }
      return this.messages.newestId(this.where(query.inbox, search, plan)) ?? null;
    });
  }

  async setRead(selection: Selection, read: boolean): Promise<string[]> {
    const filter = this.selectionFilter(selection);
    return this.write(searches(selection), () => this.messages.setRead(filter, read));
  }

  async delete(selection: Selection): Promise<string[]> {
    if ('all' in selection && selection.inbox === undefined) return this.write(false, () => this.messages.deleteEverything());
    const filter = this.selectionFilter(selection);
    return this.write(searches(selection), () => this.messages.deleteWhere(filter));
  }

  async stats(inbox?: string): Promise<MailboxStats> {
    return this.read(false, () => this.messages.totals(inbox));
  }

  async listTags(inbox?: string): Promise<string[]> {
    return this.read(false, () => this.tags.names(inbox));
  }

  async setTags(ids: string[], tags: string[], inbox?: string): Promise<Record<string, string[]>> {
    const names = normaliseTagNames(tags);
    const filter = this.selectionFilter({ ids, inbox });
    return this.write(false, () => {
      const rows = this.sql.get(`SELECT m.seq, m.id FROM messages m WHERE ${filter.where}`).all(...filter.params) as {
        seq: number;
        id: string;
      }[];
      const tagRows = rows.length > 0 ? this.tags.ensure(names) : [];
      const result: Record<string, string[]> = {};
      for (const row of rows) {
        this.tags.replace(row.seq, tagRows);
        result[row.id] = sortTagNames(tagRows.map((t) => t.name));
      }
      this.tags.deleteUnused();
      return result;
    });
  }

  async renameTag(from: string, to: string, inbox?: string): Promise<string[]> {
    const [newName] = normaliseTagNames([to]);
    if (newName === undefined) throw new DevmailError('bad_request', 'a tag name cannot be empty');
    return this.write(false, () => this.tags.rename(from, newName, inbox));
  }

  async deleteTag(name: string, inbox?: string): Promise<string[]> {
    return this.write(false, () => this.tags.remove(name, inbox));
  }

  async prune(policy: RetentionPolicy): Promise<string[]> {
    const pruned: string[] = [];
    // Oldest first, a batch per transaction, yielding between batches so SMTP keeps flowing.
    const pruneWhile = async (nextBatch: () => SqlFilter | null) => {
      for (;;) {
        const ids = await this.write(false, () => {
          const filter = nextBatch();
          return filter ? this.messages.deleteWhere(filter) : [];
        });
        pruned.push(...ids);
        if (ids.length < deleteBatchSize) return;
        await nextTurn();
      }
    };
    if (policy.maxAgeMs > 0) {
      const cutoff = this.settings.now().getTime() - policy.maxAgeMs;
      await pruneWhile(() => ({
        where: 'm.seq IN (SELECT seq FROM messages WHERE created < ? ORDER BY created, seq LIMIT ?)',
        params: [cutoff, deleteBatchSize],
      }));
    }
    if (policy.maxMessages > 0) {
      await pruneWhile(() => {
        const excess = this.messages.totals(undefined).total - policy.maxMessages;
        if (excess <= 0) return null;
        return {
          where: 'm.seq IN (SELECT seq FROM messages ORDER BY created, seq LIMIT ?)',
          params: [Math.min(excess, deleteBatchSize)],
        };
      });
    }
    return pruned;
  }

  async *scan(inbox?: string): AsyncIterable<StoredMessage> {
    let after: [number, number] = [-Infinity, -Infinity];
    for (;;) {
      const { messages, last } = await this.read(false, () => this.messages.scanPage(after, inbox, scanPageSize));
      yield* messages;
      if (!last || messages.length < scanPageSize) return;
      after = last;
    }
  }

  // ---- outbox ----

  async matchingIds(ids: string[], search: string, tz?: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const filter = this.selectionFilter({ ids });
    const parsed = this.parse(search, tz);
    if (parsed) {
      const compiled = compileSearch(parsed, 'fetch');
      filter.where += ` AND (${compiled.where})`;
      filter.params.push(...compiled.params);
    }
    return this.read(parsed !== null, () => this.messages.ids(filter));
  }

  async addJob(job: NewJob): Promise<Job> {
    return this.writeOutbox(() => this.outbox.addJob(job, this.settings.now().getTime()));
  }

  async listJobs(query: JobQuery): Promise<Job[]> {
    return this.writeOutbox(() => this.outbox.listJobs(query));
  }

  async getJob(id: number): Promise<Job | null> {
    return this.writeOutbox(() => this.outbox.getJob(id));
  }

  async updateJob(id: number, update: JobUpdate): Promise<Job | null> {
    return this.writeOutbox(() => this.outbox.updateJob(id, update, this.settings.now().getTime()));
  }

  async pruneJobs(kind: JobKind, target: string, keep: number): Promise<number> {
    return this.writeOutbox(() => this.outbox.pruneJobs(kind, target, keep));
  }

  async listWebhooks(): Promise<Webhook[]> {
    return this.writeOutbox(() => this.outbox.listWebhooks());
  }

  async saveWebhook(hook: Webhook): Promise<void> {
    return this.writeOutbox(() => this.outbox.saveWebhook(hook));
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return this.writeOutbox(() => this.outbox.deleteWebhook(id));
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.commits.flushAll(); // what was queued before close is written and answered
    const indexed = async () => {
      await this.index.drain();
      await this.search.drain();
    };
    const drained = await Promise.race([
      indexed().then(
        () => true,
        () => true,
      ),
      sleep(this.settings.closeTimeoutMs, false, { ref: false }),
    ]);
    if (!drained) {
      this.settings.logger.warn(
        { pending: this.index.pending },
        'closing before the search index caught up; the rest is indexed at the next start',
      );
    }
    this.index.stop();
    this.search.stop();
    try {
      this.db.pragma('optimize');
    } catch {
      // best effort
    }
    this.db.close();
    this.settings.onClosed();
  }

  /**
   * One group of inserts, in one transaction. Once committed, those that came with their index
   * go to the search backlog (their full-text rows are made from the store when written), and
   * the others to the index queue.
   */
  private writeGroup(items: PendingInsert[]): InsertResult[] {
    const inserted = this.db.transaction(() => this.messages.insertGroup(items))();
    const stored: number[] = [];
    const jobs: IndexJob[] = [];
    inserted.forEach(({ seq, summary }, i) => {
      if (summary) stored.push(seq);
      else jobs.push({ seq, raw: items[i].message.raw });
    });
    this.search.addStored(stored);
    this.index.enqueue(jobs);
    return inserted.map(({ id, summary }) => ({ id, summary }));
  }

  /** Writes a batch of parse results; their full-text rows go to the search backlog. */
  private writeIndex(rows: IndexedRow[]): void {
    this.search.add(this.writeUnsynced(() => this.messages.applyFields(rows)));
  }

  /** Writes a chunk of the search backlog. */
  private writeSearchRows(rows: SearchRow[]): void {
    this.writeUnsynced(() => this.messages.applySearchRows(rows));
  }

  /**
   * The full-text row of a message the quick index read at insert, made from the stored message
   * (the same bytes and list fields it read then); null when the message is gone. Should the
   * quick index decline it now (it would have to have thrown), the full parse makes it instead.
   */
  private storedSearchRow(seq: number): SearchRow | null {
    const source = this.messages.searchSource(seq);
    if (!source) return null;
    const fields = this.quickIndex(source.raw, source.headers, 'search');
    if (fields) return searchRow(seq, source.headers.subject, source.headers, fields);
    this.index.enqueue([{ seq, raw: source.raw }]);
    return null;
  }

  /**
   * A write of the deferred index, without an fsync of its own (synchronous=NORMAL): if power
   * fails first, its rows are still `indexed` 0 or 2 and are indexed again at the next open;
   * and the next FULL commit (one WAL file) syncs these pages anyway.
   */
  private writeUnsynced<T>(fn: () => T): T {
    if (this.settings.synchronous === 'FULL') this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(fn).immediate();
    } finally {
      if (this.settings.synchronous === 'FULL' && this.db.open) this.db.pragma('synchronous = FULL');
    }
  }

  /**
   * Runs `fn` once every write that resolved before this call is indexed (read-your-writes):
   * parsed for every read, and in the full-text index too when `searching`.
   */
  private async read<T>(searching: boolean, fn: () => T): Promise<T> {
    if (this.closed) throw closedError();
    await this.index.drain();
    if (searching) await this.search.drain();
    if (this.closed) throw closedError();
    try {
      return fn();
    } catch (err) {
      throw storageError(err, 'the database failed');
    }
  }

  /**
   * Runs an outbox statement in its own transaction at once: outbox rows never need the
   * message index, so they do not wait for it to catch up.
   */
  private async writeOutbox<T>(fn: () => T): Promise<T> {
    if (this.closed) throw closedError();
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw storageError(err, 'the database failed');
    }
  }

  /** Runs `fn` in one write transaction, after the index has caught up (see `read`). */
  private async write<T>(searching: boolean, fn: () => T): Promise<T> {
    return this.read(searching, () => this.db.transaction(fn).immediate());
  }

  /** The parsed search, or null when there is none (blank, or every term ignored). Throws on a bad `tz`. */
  private parse(search: string | undefined, tz: string | undefined): SearchNode | null {
    if (search === undefined || search.trim() === '') return null;
    const node = parseSearch(search, tz);
    if (node.ignored.length > 0) this.settings.logger.debug({ ignored: node.ignored }, 'search terms ignored');
    return node.terms.length > 0 ? node : null;
  }

  /** The WHERE clause (over `messages AS m`) for an inbox and a parsed search. */
  private where(inbox: string | undefined, search: SearchNode | null, plan: MatchPlan = 'fetch'): SqlFilter {
    const clauses: string[] = [];
    const params: unknown[] = [];
    let narrow = true;
    if (inbox !== undefined) {
      clauses.push('m.inbox = ?');
      params.push(inbox);
    }
    if (search) {
      const compiled = compileSearch(search, plan);
      clauses.push(`(${compiled.where})`);
      params.push(...compiled.params);
      narrow = compiled.narrow === true;
    }
    return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params, narrow };
  }

  private selectionFilter(selection: Selection): SqlFilter {
    if ('ids' in selection) {
      const f = this.where(selection.inbox, null);
      return { where: `${f.where} AND m.id IN (SELECT value FROM json_each(?))`, params: [...f.params, JSON.stringify(selection.ids)] };
    }
    if ('search' in selection) return this.where(selection.inbox, this.parse(selection.search, selection.tz));
    return this.where(selection.inbox, null);
  }
}

/** Whether a selection picks messages by a search (its reads then need the full-text index). */
function searches(selection: Selection): boolean {
  return 'search' in selection && typeof selection.search === 'string' && selection.search.trim() !== '';
}

/**
 * Picks how a page query uses its set of matches (see MatchPlan) from a rough cost model
 * measured on this store: fetching costs ~1 µs per match (lookup and sort); probing costs
 * ~0.35 µs per message walked, and walks about `wanted × total / matching` of them.
 */
function choosePlan(matching: number, total: number, wanted: number): MatchPlan {
  if (matching === 0) return 'fetch';
  const walked = Math.min(total, (wanted * total) / matching);
  return walked * 0.35 < matching ? 'probe' : 'fetch';
}

/** Why a message cannot be stored, or null. Checked before queueing so it cannot fail a group. */
function invalidMessage(m: NewMessage): string | null {
  if (typeof m.inbox !== 'string' || m.inbox === '') return 'a message needs an inbox';
  if (!Buffer.isBuffer(m.raw)) return 'a message needs its raw bytes';
  if (typeof m.headers !== 'object' || m.headers === null) return 'a message needs its header fields';
  if (!Array.isArray(m.tags) || m.tags.some((t) => typeof t !== 'string')) return 'tags must be a list of names';
  if (typeof m.username !== 'string') return 'username must be text';
  if (m.id !== undefined && !isMessageId(m.id)) return 'a given message ID must be 22 characters of 0-9, A-Z and a-z';
  return null;
}

/**
 * Whether an error that failed a group may belong to one message (worth retrying each alone):
 * a constraint or type error, or an error thrown by our own code on odd data. Not errors of
 * the database itself (busy, I/O, full, read-only), which would only fail again per message.
 */
function isItemError(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === '' || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function closedError(): DevmailError {
  return new DevmailError('unavailable', 'the store is closed');
}

/** Why an insert failed: its given ID already stored (the one unique key it brings), or the database. */
function insertError(err: unknown): DevmailError {
  if (sqliteCode(err) === 'SQLITE_CONSTRAINT_UNIQUE') return new DevmailError('conflict', 'a message with this ID is already stored', { cause: err });
  return storageError(err, 'could not store the message');
}

/** A DevmailError passes through; anything else from the database becomes `storage_failed`. */
function storageError(err: unknown, message: string): DevmailError {
  if (isDevmailError(err)) return err;
  const code = sqliteCode(err);
  return new DevmailError('storage_failed', code ? `${message} (${code})` : message, { cause: err });
}
