import type { Database } from 'better-sqlite3';
import { DevmailError } from '../../core/errors.js';

/** One step of the schema. `version` is what `PRAGMA user_version` reads once it has run. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * The schema, oldest first. Never edit a step that has shipped: add the next one.
 *
 * - `messages` holds what the list and search read (raw bytes live apart in `message_bodies`,
 *   so list pages and filter scans touch small rows). `seq` is AUTOINCREMENT so a rowid is never
 *   reused: the deferred index and the FTS rows key on it. `indexed` is 0 until the full parse
 *   has been written (`snippet`, `attachments`, `inline`, `parse_error`), 2 once it has and the
 *   FTS row waits in the search backlog, 1 once the FTS row is written too. Rows not at 1 are
 *   parsed and indexed again at the next open.
 * - `inbox_counts` keeps total/unread per inbox, updated in the same transactions as the rows.
 * - `tags` are unique case-insensitively and keep the spelling first given (as Mailpit does).
 * - `messages_fts` is contentless (the text is not stored twice) with `contentless_delete` so
 *   deleting a message deletes its row. unicode61 with the default separators splits an
 *   address into its words ("john.doe@example.com" → john doe example com), so an address, a
 *   domain or a name all match as a phrase, and case and diacritics fold.
 */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'messages, bodies, tags, counters, full-text index',
    up(db) {
      db.exec(`
        CREATE TABLE messages (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          inbox TEXT NOT NULL,
          created INTEGER NOT NULL,            -- ms since the epoch
          read INTEGER NOT NULL DEFAULT 0,
          message_id TEXT NOT NULL,
          subject TEXT NOT NULL,
          addresses TEXT NOT NULL,             -- JSON {from, to, cc, bcc, replyTo}
          header_date INTEGER,                 -- the Date header, ms, or NULL
          username TEXT NOT NULL,
          source TEXT NOT NULL,
          envelope TEXT NOT NULL,              -- JSON Envelope
          size INTEGER NOT NULL,
          indexed INTEGER NOT NULL DEFAULT 0,
          snippet TEXT NOT NULL DEFAULT '',
          attachments INTEGER NOT NULL DEFAULT 0,
          inline INTEGER NOT NULL DEFAULT 0,
          parse_error TEXT
        );
        CREATE INDEX messages_inbox_created ON messages (inbox, created, seq);
        CREATE INDEX messages_created ON messages (created, seq);

        CREATE TABLE message_bodies (
          seq INTEGER PRIMARY KEY,
          encoding TEXT NOT NULL,              -- 'identity' | 'deflate-raw'
          raw BLOB NOT NULL
        );

        CREATE TABLE inbox_counts (
          inbox TEXT PRIMARY KEY,
          total INTEGER NOT NULL,
          unread INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE tags (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE message_tags (
          tag_id INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (tag_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX message_tags_seq ON message_tags (seq, tag_id);

        CREATE VIRTUAL TABLE messages_fts USING fts5(
          subject, from_addr, to_addr, cc_addr, bcc_addr, reply_to_addr, body,
          content = '', contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
    },
  },
  {
    // Deliveries that leave devmail (relays, webhook posts) survive a restart; `outbox_due` finds
    // what is due without a scan, `outbox_target` serves a webhook's delivery log in order.
    version: 2,
    name: 'outbox jobs and webhooks',
    up(db) {
      db.exec(`
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,                  -- 'relay' | 'webhook'
          target TEXT NOT NULL,                -- webhook ID, or what made a relay
          message_id TEXT NOT NULL,
          payload TEXT NOT NULL,               -- JSON
          state TEXT NOT NULL,                 -- 'pending' | 'delivered' | 'failed'
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt INTEGER,                -- ms since the epoch, NULL once done
          last_error TEXT,
          last_result TEXT,
          created INTEGER NOT NULL,
          updated INTEGER NOT NULL
        );
        CREATE INDEX outbox_due ON outbox (kind, state, next_attempt);
        CREATE INDEX outbox_target ON outbox (kind, target, id);

        CREATE TABLE webhooks (
          id TEXT PRIMARY KEY,
          url TEXT NOT NULL,
          secret TEXT NOT NULL,
          inbox TEXT NOT NULL,
          query TEXT NOT NULL,
          created INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    // FTS5 merges a level's segments once `automerge` of them exist (default 4). Writing 100k
    // rows of 2 KB messages in chunks of 256 (4 runs each), merging at 8 took 5.2-6.5 s rather
    // than 6.2-6.8 s in all, and a chunk near 100k p95 25-29 ms rather than 34-44 ms, for the
    // same search times. A chunk holds the store thread, and the reads and commits behind it.
    version: 3,
    name: 'full-text index merges 8 segments at a time',
    up(db) {
      db.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES('automerge', 8)`);
    },
  },
  {
    // Counting a search's matches looks each one up by seq for its inbox and read state. In the
    // table that is a read of a wide row, mostly from outside SQLite's page cache: 1M stored, a
    // word in 100k of them, ~190 ms; in this index of only those columns, ~46 ms. An insert
    // costs ~1.4 µs more.
    version: 4,
    name: 'a narrow index of inbox and read state, for counting matches',
    up(db) {
      db.exec('CREATE INDEX messages_state ON messages (seq, inbox, read)');
    },
  },
];

/** Runs the steps the database has not had yet, each in its own transaction with its version. */
export function migrate(db: Database, steps: Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = steps.length > 0 ? steps[steps.length - 1].version : 0;
  if (current > latest) {
    throw new DevmailError(
      'config_invalid',
      `the database has schema version ${current}, newer than this devmail knows (${latest}): upgrade devmail or use another database`,
    );
  }
  for (const step of steps) {
    if (step.version <= current) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`); // an integer from this file, not input
    }).immediate();
  }
}
