import type { MailboxStats } from '../core/bus.js';
import type {
  CaptureSource,
  Envelope,
  HeaderFields,
  IndexFields,
  IndexPart,
  MessageSummary,
  StoredMessage,
} from '../core/types.js';
import type { Job, JobKind, JobQuery, JobUpdate, NewJob, Webhook } from './outbox.js';

export type * from './outbox.js';

// HeaderFields (read on the ack path) and IndexFields (the deferred full parse) live in core so
// `mime` can produce them without importing the store.
export type { HeaderFields, IndexFields, IndexPart };

/** Computes IndexFields from raw bytes. Injected so the store never imports `mime`. */
export type MessageIndexer = (raw: Buffer) => IndexFields | Promise<IndexFields>;

/**
 * IndexFields at once, for a message simple enough to read without the full parse (the list
 * fields are the ones the ack path read); null sends it to the deferred indexer. Cheap and
 * synchronous: the store calls it for the `list` part before the message's commit and writes
 * the fields with it, and for the `search` part when it writes the full-text row. Injected,
 * like MessageIndexer.
 */
export type QuickIndexer = (raw: Buffer, headers: HeaderFields, part?: IndexPart) => IndexFields | null;

/** An indexer made by a module's factory, with a way to release its resources (threads). */
export interface LoadedIndexer {
  index: MessageIndexer;
  /** The quick index for simple messages, when the module has one. */
  quick?: QuickIndexer;
  close(): Promise<void>;
}

/**
 * An indexer named by module, for a store in a worker thread (functions cannot cross
 * `postMessage`): `module`'s export `export` is a factory `(options) => LoadedIndexer` (or a
 * promise of one), called in the store's thread. A `.js` URL may name a `.ts` source in tests.
 */
export interface IndexerModule {
  module: URL | string;
  export: string;
  /** Passed to the factory; must survive structured cloning. */
  options?: unknown;
}

/** A message as `ingest` hands it to the store. */
export interface NewMessage {
  inbox: string;
  /** The bytes to keep, after devmail's normalisation (Received, Return-Path…). */
  raw: Buffer;
  headers: HeaderFields;
  envelope: Envelope;
  source: CaptureSource;
  /** Tags, already de-duplicated. */
  tags: string[];
  /** SMTP AUTH user name, or '' when none. */
  username: string;
  /**
   * The ID to store it under, in the store's format (22 base62 characters, time first); absent,
   * the store makes one. A caller that must be able to look the message up without the insert's
   * answer sets it: the worker-hosted store does, so an insert whose answer died with its thread
   * is found (250) rather than failed (451, and a retry storing it twice). An ID already stored
   * is refused as a conflict.
   */
  id?: string;
}

/** Which messages a bulk operation applies to. `inbox` scopes every form. */
export type Selection =
  | { inbox?: string; ids: string[] }
  | { inbox?: string; search: string; tz?: string }
  | { inbox?: string; all: true };

/** A page request for the list or a search. */
export interface ListQuery {
  inbox?: string;
  /** Search language (see `search/parse-search.ts`); absent or blank lists everything. */
  search?: string;
  /** IANA time zone for `after:`/`before:` dates in the search; default UTC. */
  tz?: string;
  /** Offset into the result (Mailpit's `start`); ignored when `before` is set. */
  start?: number;
  /**
   * Keyset cursor: only messages older than this ID (devmail's own, O(log n) paging). An ID
   * that is not (or no longer) stored is a `bad_request`.
   */
  before?: string;
  /** Page size; 0 means all. Default 50. Negative `limit` or `start` is a `bad_request`. */
  limit?: number;
}

/** One page of messages with the counts Mailpit's list response carries. */
export interface ListResult {
  messages: MessageSummary[];
  /** All messages in the inbox. */
  total: number;
  /** All unread messages in the inbox. */
  unread: number;
  /** Messages that match the search (equals `total` without one). */
  matching: number;
  /** Unread messages that match the search. */
  matchingUnread: number;
  start: number;
}

/** Storage facts for `/api/v1/info`. */
export interface StoreInfo {
  kind: 'sqlite' | 'postgres';
  /** File path or URL without credentials. */
  location: string;
  /** Bytes on disk, when known. */
  sizeBytes: number | null;
}

/** Retention limits; 0 disables a limit. */
export interface RetentionPolicy {
  maxMessages: number;
  maxAgeMs: number;
}

/** What `Store.insert` resolves with. */
export interface InsertResult {
  id: string;
  /** The stored summary when the message was stored with its index, else null. */
  summary: MessageSummary | null;
}

/**
 * Durable message storage. One contract, several implementations (SQLite now, PostgreSQL
 * next), all held to one shared test suite. Every read sees every write that resolved before
 * it (read-your-writes), including the deferred index.
 */
export interface Store {
  readonly info: StoreInfo;
  /**
   * Stores a message; resolves once it is committed durably (group-committed) with its ID and,
   * when it was stored with its index (the quick index read it), its summary: exactly what
   * `getSummary(id)` reads from then on. Otherwise `summary` is null: the snippet and attachment
   * count come from the deferred index, which any read waits for (`getSummary(id)` right after
   * has them). Capture announces a message with this summary rather than reading it back.
   * Rejects with `bad_request` for a malformed message, `conflict` when its given `id` is
   * already stored, `storage_failed` when the database fails (SMTP answers 451), and
   * `unavailable` after `close()`.
   */
  insert(message: NewMessage): Promise<InsertResult>;
  /** A page of summaries, newest first, optionally filtered by a search. */
  list(query: ListQuery): Promise<ListResult>;
  /** A message with its envelope and raw bytes, or null. Does not change read state. */
  get(id: string, inbox?: string): Promise<StoredMessage | null>;
  /** The summary alone, or null. */
  getSummary(id: string, inbox?: string): Promise<MessageSummary | null>;
  /** The summaries of `ids` in the order given, skipping IDs not found: one read for many. */
  getSummaries(ids: string[]): Promise<MessageSummary[]>;
  /** ID of the newest message (matching `search` when given), or null. */
  latestId(query?: { inbox?: string; search?: string; tz?: string }): Promise<string | null>;
  /** Sets read state; returns the IDs whose state changed. */
  setRead(selection: Selection, read: boolean): Promise<string[]>;
  /** Deletes; returns the deleted IDs. */
  delete(selection: Selection): Promise<string[]>;
  /** Totals for an inbox (kept as counters, never recounted per request). */
  stats(inbox?: string): Promise<MailboxStats>;
  /**
   * Every tag in use, sorted case-insensitively. Tags are trimmed and unique regardless of case;
   * the spelling first stored wins (`Urgent` then `URGENT` → both `Urgent`), as in Mailpit.
   */
  listTags(inbox?: string): Promise<string[]>;
  /**
   * Replaces the tags of the given messages (empty clears); returns their new tags by ID.
   * Unknown IDs are left out of the result. Which names are allowed is the caller's policy.
   */
  setTags(ids: string[], tags: string[], inbox?: string): Promise<Record<string, string[]>>;
  /**
   * Renames a tag (matched case-insensitively) everywhere, or on one inbox's messages; into a
   * name another tag has, the two merge. Returns the IDs affected ([] for an unknown tag).
   */
  renameTag(from: string, to: string, inbox?: string): Promise<string[]>;
  /** Removes a tag (matched case-insensitively) everywhere; returns the IDs affected. */
  deleteTag(name: string, inbox?: string): Promise<string[]>;
  /** Applies retention (oldest first, in batches, across inboxes); returns the pruned IDs. */
  prune(policy: RetentionPolicy): Promise<string[]>;
  /** Every message of an inbox (all inboxes when absent), oldest first, for export. */
  scan(inbox?: string): AsyncIterable<StoredMessage>;

  // ---- outbox: relays and webhook deliveries, retried across restarts (see outbox.ts) ----

  /** Which of `ids` match a search (for rules and webhook filters); unknown IDs are left out. */
  matchingIds(ids: string[], search: string, tz?: string): Promise<string[]>;
  /** Stores a job, pending, with 0 attempts. */
  addJob(job: NewJob): Promise<Job>;
  /** Jobs of a kind, in ID order. */
  listJobs(query: JobQuery): Promise<Job[]>;
  /** One job, or null. */
  getJob(id: number): Promise<Job | null>;
  /** Records an attempt's outcome; returns the job as now stored, or null when it is gone. */
  updateJob(id: number, update: JobUpdate): Promise<Job | null>;
  /** Keeps the newest `keep` finished (delivered or failed) jobs of a target; returns how many went. */
  pruneJobs(kind: JobKind, target: string, keep: number): Promise<number>;
  /** Every webhook, oldest first. */
  listWebhooks(): Promise<Webhook[]>;
  /** Creates or replaces a webhook by ID. */
  saveWebhook(hook: Webhook): Promise<void>;
  /** Deletes a webhook and its jobs; false when there was none. */
  deleteWebhook(id: string): Promise<boolean>;
  /**
   * Flushes pending writes and (for a bounded time) the index, then closes. Idempotent. What
   * the index had not reached is indexed at the next open.
   */
  close(): Promise<void>;
}
