import type { MailboxStats } from '../../core/bus.js';
import type { HeaderFields, MessageSummary, StoredMessage } from '../../core/types.js';
import { newMessageId } from '../ids.js';
import type { IndexFields, NewMessage } from '../store.js';
import type { SqlFilter } from './compile-search.js';
import type { IndexedRow } from './index-queue.js';
import { decodeRaw, type EncodedRaw } from './raw-codec.js';
import type { SearchRow } from './search-backlog.js';
import {
  addressText,
  rowToOrigin,
  rowToSummary,
  summaryColumns,
  type MessageRow,
  type StoredAddresses,
  type SummaryRow,
} from './rows.js';
import type { StatementCache } from './statement-cache.js';
import { normaliseTagNames, sortTagNames, type TagTable } from './tags.js';

/** A message on its way in: compressed, timestamped, waiting for its group's commit. */
export interface PendingInsert {
  message: NewMessage;
  encoded: EncodedRaw;
  created: number;
  /** Its index, when the quick index could read it; null leaves it to the deferred index. */
  fields: IndexFields | null;
}

/**
 * A row just inserted: its rowid, its ID (the answer), and — when it was inserted with its
 * index — its summary (what the list shows of it from now on); without its index it goes to
 * the index queue and the summary is null.
 */
export interface InsertedRow {
  seq: number;
  id: string;
  summary: MessageSummary | null;
}

const fullColumns = `${summaryColumns}, m.source, m.envelope, b.encoding, b.raw`;
const newestFirst = 'ORDER BY m.created DESC, m.seq DESC';

/**
 * The SQL of messages, their bodies, counters and full-text rows. Every method runs inside the
 * caller's transaction (the store decides what commits together); none of them awaits.
 */
export class MessageTable {
  constructor(
    private readonly sql: StatementCache,
    private readonly tags: TagTable,
  ) {}

  // ---- writes ----

  /** Inserts a group of messages with their bodies and tags, and counts them in. */
  insertGroup(items: readonly PendingInsert[]): InsertedRow[] {
    const perInbox = new Map<string, number>();
    const out = items.map((item) => {
      perInbox.set(item.message.inbox, (perInbox.get(item.message.inbox) ?? 0) + 1);
      return this.insertOne(item);
    });
    const count = this.sql.get(
      `INSERT INTO inbox_counts (inbox, total, unread) VALUES (?, ?, ?)
       ON CONFLICT (inbox) DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread`,
    );
    for (const [inbox, n] of perInbox) count.run(inbox, n, n);
    return out;
  }

  /** A message with its index (`indexed` 2: its full-text row follows) or without (`indexed` 0). */
  private insertOne({ message, encoded, created, fields }: PendingInsert): InsertedRow {
    const h = message.headers;
    const id = message.id ?? newMessageId();
    const addresses: StoredAddresses = { from: h.from, to: h.to, cc: h.cc, bcc: h.bcc, replyTo: h.replyTo };
    const snippet = fields ? String(fields.snippet ?? '') : '';
    const attachments = fields ? count(fields.attachments) : 0;
    const { lastInsertRowid } = this.sql
      .get(
        `INSERT INTO messages (id, inbox, created, message_id, subject, addresses, header_date, username, source, envelope, size,
                               indexed, snippet, attachments, inline, parse_error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        message.inbox,
        created,
        h.messageId,
        h.subject,
        JSON.stringify(addresses),
        h.date instanceof Date && !Number.isNaN(h.date.getTime()) ? h.date.getTime() : null,
        message.username,
        message.source,
        JSON.stringify(message.envelope),
        message.raw.length,
        fields ? 2 : 0,
        snippet,
        attachments,
        fields ? count(fields.inline) : 0,
        fields?.parseError ?? null,
      );
    const seq = Number(lastInsertRowid);
    this.sql.get('INSERT INTO message_bodies (seq, encoding, raw) VALUES (?, ?, ?)').run(seq, encoded.encoding, encoded.data);
    const tags = this.tags.ensure(normaliseTagNames(message.tags));
    this.tags.add(seq, tags);
    if (!fields) return { seq, id, summary: null };
    // What `rowToSummary` reads back from this row (the store contract holds the two equal).
    const summary: MessageSummary = {
      id,
      inbox: message.inbox,
      messageId: h.messageId,
      read: false,
      from: h.from,
      to: h.to,
      cc: h.cc,
      bcc: h.bcc,
      replyTo: h.replyTo,
      subject: h.subject,
      created: new Date(created),
      username: message.username,
      tags: sortTagNames(tags.map((t) => t.name)),
      size: message.raw.length,
      attachments,
      snippet,
    };
    return { seq, id, summary };
  }

  /**
   * Writes what the full parse found (`indexed` 0 → 2) and returns the rows' full-text rows,
   * which the search backlog writes later; skips rows deleted meanwhile.
   */
  applyFields(rows: readonly IndexedRow[]): SearchRow[] {
    const update = this.sql.get(
      `UPDATE messages SET snippet = ?, attachments = ?, inline = ?, parse_error = ?, indexed = 2
        WHERE seq = ? AND indexed != 1 RETURNING subject, addresses`,
    );
    const out: SearchRow[] = [];
    for (const { seq, fields } of rows) {
      const row = update.get(
        String(fields.snippet ?? ''),
        count(fields.attachments),
        count(fields.inline),
        fields.parseError ?? null,
        seq,
      ) as { subject: string; addresses: string } | undefined;
      if (!row) continue;
      out.push(searchRow(seq, row.subject, JSON.parse(row.addresses) as StoredAddresses, fields));
    }
    return out;
  }

  /** Writes full-text rows (`indexed` 2 → 1); skips rows deleted (or written) meanwhile. */
  applySearchRows(rows: readonly SearchRow[]): void {
    const mark = this.sql.get('UPDATE messages SET indexed = 1 WHERE seq = ? AND indexed = 2');
    const insertFts = this.sql.get(
      `INSERT INTO messages_fts (rowid, subject, from_addr, to_addr, cc_addr, bcc_addr, reply_to_addr, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      if (mark.run(r.seq).changes === 0) continue;
      insertFts.run(r.seq, r.subject, r.from, r.to, r.cc, r.bcc, r.replyTo, r.body);
    }
  }

  /** Sets read state where it differs; returns the IDs changed. */
  setRead(filter: SqlFilter, read: boolean): string[] {
    const value = read ? 1 : 0;
    const rows = this.sql
      .get(`UPDATE messages AS m SET read = ? WHERE (${filter.where}) AND m.read <> ? RETURNING id, inbox`)
      .all(value, ...filter.params, value) as { id: string; inbox: string }[];
    const changed = new Map<string, number>();
    for (const row of rows) changed.set(row.inbox, (changed.get(row.inbox) ?? 0) + 1);
    const adjust = this.sql.get('UPDATE inbox_counts SET unread = unread + ? WHERE inbox = ?');
    for (const [inbox, n] of changed) adjust.run(read ? -n : n, inbox);
    return rows.map((row) => row.id);
  }

  /** Deletes the rows `filter` selects and everything hanging off them; returns their IDs. */
  deleteWhere(filter: SqlFilter): string[] {
    const rows = this.sql
      .get(`DELETE FROM messages AS m WHERE ${filter.where} RETURNING seq, id, inbox, read`)
      .all(...filter.params) as { seq: number; id: string; inbox: string; read: number }[];
    if (rows.length === 0) return [];
    const seqs = JSON.stringify(rows.map((r) => r.seq));
    this.sql.get('DELETE FROM message_bodies WHERE seq IN (SELECT value FROM json_each(?))').run(seqs);
    this.sql.get('DELETE FROM messages_fts WHERE rowid IN (SELECT value FROM json_each(?))').run(seqs);
    const untagged = this.sql.get('DELETE FROM message_tags WHERE seq IN (SELECT value FROM json_each(?))').run(seqs);
    if (untagged.changes > 0) this.tags.deleteUnused();
    const perInbox = new Map<string, { total: number; unread: number }>();
    for (const r of rows) {
      const c = perInbox.get(r.inbox) ?? { total: 0, unread: 0 };
      c.total++;
      c.unread += r.read === 0 ? 1 : 0;
      perInbox.set(r.inbox, c);
    }
    const adjust = this.sql.get('UPDATE inbox_counts SET total = total - ?, unread = unread - ? WHERE inbox = ?');
    for (const [inbox, c] of perInbox) adjust.run(c.total, c.unread, inbox);
    return rows.map((r) => r.id);
  }

  /** Deletes every message at once: tables emptied, the full-text index reset; returns the IDs. */
  deleteEverything(): string[] {
    const ids = this.sql.get('SELECT id FROM messages ORDER BY created, seq').pluck().all() as string[];
    for (const table of ['messages', 'message_bodies', 'message_tags', 'tags', 'inbox_counts']) {
      this.sql.get(`DELETE FROM ${table}`).run(); // names from this list, not input
    }
    this.sql.get(`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`).run();
    return ids;
  }

  // ---- reads ----

  /** Rowids of messages committed but not yet (fully) indexed, oldest first. */
  unindexed(): number[] {
    return this.sql.get('SELECT seq FROM messages WHERE indexed != 1 ORDER BY seq').pluck().all() as number[];
  }

  /**
   * What the quick index reads to make a message's full-text row — its raw bytes and its list
   * fields as stored — while that row is still to be written (`indexed` 2); else null.
   */
  searchSource(seq: number): { raw: Buffer; headers: HeaderFields } | null {
    const row = this.sql
      .get(
        `SELECT m.message_id, m.subject, m.addresses, m.header_date, b.encoding, b.raw
           FROM messages m JOIN message_bodies b ON b.seq = m.seq WHERE m.seq = ? AND m.indexed = 2`,
      )
      .get(seq) as
      | { message_id: string; subject: string; addresses: string; header_date: number | null; encoding: string; raw: Buffer }
      | undefined;
    if (!row) return null;
    const headers: HeaderFields = {
      ...(JSON.parse(row.addresses) as StoredAddresses),
      messageId: row.message_id,
      subject: row.subject,
      date: row.header_date === null ? null : new Date(row.header_date),
    };
    return { raw: decodeRaw(row.encoding, row.raw), headers };
  }

  /** The original raw bytes of a message, or null when it is gone. */
  loadRaw(seq: number): Buffer | null {
    const row = this.sql.get('SELECT encoding, raw FROM message_bodies WHERE seq = ?').get(seq) as
      | { encoding: string; raw: Buffer }
      | undefined;
    return row ? decodeRaw(row.encoding, row.raw) : null;
  }

  /** A whole message by ID, or undefined. */
  find(id: string): StoredMessage | undefined {
    const row = this.sql
      .get(`SELECT ${fullColumns} FROM messages m JOIN message_bodies b ON b.seq = m.seq WHERE m.id = ?`)
      .get(id) as MessageRow | undefined;
    return row && toStored(row);
  }

  /** A summary by ID, or undefined. */
  findSummary(id: string): MessageSummary | undefined {
    const row = this.sql.get(`SELECT ${summaryColumns} FROM messages m WHERE m.id = ?`).get(id) as SummaryRow | undefined;
    return row && rowToSummary(row);
  }

  /** The summaries of `ids` in the order given; IDs not found are skipped. */
  findSummaries(ids: readonly string[]): MessageSummary[] {
    const rows = this.sql
      .get(`SELECT ${summaryColumns} FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as SummaryRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const out: MessageSummary[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) out.push(rowToSummary(row));
    }
    return out;
  }

  /** Where a message sits in list order (for a keyset cursor), or undefined. */
  position(id: string): { created: number; seq: number } | undefined {
    return this.sql.get('SELECT created, seq FROM messages WHERE id = ?').get(id) as
      | { created: number; seq: number }
      | undefined;
  }

  /** A page of summaries, newest first. `limit` -1 means all. */
  page(filter: SqlFilter, limit: number, offset: number): MessageSummary[] {
    const rows = this.sql
      .get(`SELECT ${summaryColumns} FROM messages m WHERE ${filter.where} ${newestFirst} LIMIT ? OFFSET ?`)
      .all(...filter.params, limit, offset) as SummaryRow[];
    return rows.map(rowToSummary);
  }

  /** The newest ID matching `filter`, or undefined. */
  newestId(filter: SqlFilter): string | undefined {
    return this.sql
      .get(`SELECT m.id FROM messages m WHERE ${filter.where} ${newestFirst} LIMIT 1`)
      .pluck()
      .get(...filter.params) as string | undefined;
  }

  /** IDs of every message the filter matches, newest first. */
  ids(filter: SqlFilter): string[] {
    return this.sql
      .get(`SELECT m.id FROM messages m WHERE ${filter.where} ${newestFirst}`)
      .pluck()
      .all(...filter.params) as string[];
  }

  /** Up to `limit` whole messages after `after` (created, seq) in oldest-first order. */
  scanPage(after: [number, number], inbox: string | undefined, limit: number): { messages: StoredMessage[]; last: [number, number] | null } {
    const inInbox = inbox === undefined ? '' : ' AND m.inbox = ?';
    const rows = this.sql
      .get(
        `SELECT ${fullColumns} FROM messages m JOIN message_bodies b ON b.seq = m.seq
          WHERE (m.created, m.seq) > (?, ?)${inInbox} ORDER BY m.created, m.seq LIMIT ?`,
      )
      .all(...after, ...(inbox === undefined ? [] : [inbox]), limit) as MessageRow[];
    const tail = rows.at(-1);
    return { messages: rows.map(toStored), last: tail ? [tail.created, tail.seq] : null };
  }

  /** Total and unread of an inbox (or all), from the counters. */
  totals(inbox: string | undefined): MailboxStats {
    const row =
      inbox === undefined
        ? this.sql.get('SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(unread), 0) AS unread FROM inbox_counts').get()
        : this.sql.get('SELECT total, unread FROM inbox_counts WHERE inbox = ?').get(inbox);
    return (row as MailboxStats | undefined) ?? { total: 0, unread: 0 };
  }

  /** Total and unread of the messages `filter` selects (a count: use the 'fetch' plan). */
  matching(filter: SqlFilter): MailboxStats {
    return this.sql.get(matchingSql(filter)).get(...filter.params) as MailboxStats;
  }
}

/**
 * The count of `matching`. A narrow filter reads the `messages_state` index rather than the rows:
 * the planner, costing a lookup by rowid as one seek either way, would read the wide table.
 */
export function matchingSql(filter: SqlFilter): string {
  const from = filter.narrow ? 'messages m INDEXED BY messages_state' : 'messages m';
  return `SELECT COUNT(*) AS total, COALESCE(SUM(m.read = 0), 0) AS unread FROM ${from} WHERE ${filter.where}`;
}

function toStored(row: MessageRow): StoredMessage {
  return { summary: rowToSummary(row), ...rowToOrigin(row), raw: decodeRaw(row.encoding, row.raw) };
}

/** A message's full-text row: its list fields, and the search text its index found. */
export function searchRow(seq: number, subject: string, a: StoredAddresses, fields: IndexFields): SearchRow {
  return {
    seq,
    subject,
    from: addressText([a.from]),
    to: addressText(a.to),
    cc: addressText(a.cc),
    bcc: addressText(a.bcc),
    replyTo: addressText(a.replyTo),
    body: String(fields.searchText ?? ''),
  };
}

/** A count from an injected indexer, made safe for an INTEGER column. */
function count(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 0 ? n : 0;
}
