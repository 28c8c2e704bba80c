import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { quickIndex } from '../../mime/quick-index.js';
import { buildMessage, indexTestMessage, quickTestIndex, type TestMail } from '../contract-fixtures.js';
import { describeStoreContract, type StoreHarness } from '../contract.js';
import { describeOutboxContract } from '../contract-outbox.js';
import { openStore } from '../open-store.js';
import { parseSearch } from '../search/parse-search.js';
import { loadIndexer } from '../worker/load-indexer.js';
import { compileSearch } from './compile-search.js';
import { matchingSql, searchRow } from './message-table.js';
import { migrations } from './migrations.js';
import { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';

/** The SQLite store in the calling thread, on a fresh folder. */
const sqliteHarness = async (): Promise<StoreHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'devmail-store-'));
  return {
    open: async (deps) => {
      const indexer = await loadIndexer(deps.indexer);
      return openSqliteStore({ path: join(dir, 'devmail.db'), ...deps, indexer: indexer.index, quickIndexer: indexer.quick });
    },
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** The SQLite store in its worker thread, as the server runs it. */
const workerHarness = async (): Promise<StoreHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'devmail-store-'));
  return {
    open: (deps) => openStore(join(dir, 'devmail.db'), deps),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

describeOutboxContract('sqlite', sqliteHarness);
describeOutboxContract('sqlite in a worker thread', workerHarness);

describeStoreContract('sqlite', sqliteHarness);
describeStoreContract('sqlite in a worker thread', workerHarness);
describeStoreContract('sqlite with the quick index', sqliteHarness, { quickIndex: true });
describeStoreContract('sqlite in a worker thread with the quick index', workerHarness, { quickIndex: true });

describe('sqlite store', () => {
  let dir: string;
  let path: string;
  const openAt = (options: Partial<SqliteStoreOptions> = {}) =>
    openSqliteStore({ path, indexer: indexTestMessage, ...options });
  /** A second connection to the same file, as another process (or an operator) would have. */
  const withConnection = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-sqlite-'));
    path = join(dir, 'devmail.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes at open the rows a crash left committed but not indexed', async () => {
    let store = await openAt();
    const a = await store.insert(buildMessage({ subject: 'first', body: 'marmalade sandwich', attachments: ['a.txt'] }));
    await store.insert(buildMessage({ subject: 'second' }));
    await store.close();
    withConnection((db) => {
      db.exec(`UPDATE messages SET indexed = 0, snippet = '', attachments = 0;
               INSERT INTO messages_fts (messages_fts) VALUES ('delete-all');`);
    });
    const indexed: string[] = [];
    store = await openAt({ indexer: slowIndexerRecording(indexed) });
    const found = await store.list({ search: 'marmalade' });
    expect(found.messages.map((m) => m.id)).toEqual([a.id]);
    expect(found.messages[0]).toMatchObject({ snippet: 'marmalade sandwich', attachments: 1 });
    expect(indexed).toHaveLength(2);
    await store.close();
    expect(withConnection((db) => db.prepare('SELECT COUNT(*) FROM messages WHERE indexed = 0').pluck().get())).toBe(0);
  });

  it('indexes again at open the rows whose full-text row a crash left unwritten', async () => {
    let store = await openAt();
    const a = await store.insert(buildMessage({ subject: 'first', body: 'quince jelly' }));
    await store.close();
    withConnection((db) => {
      // Parsed (snippet written) but the full-text row still in the backlog when the process died.
      db.exec(`UPDATE messages SET indexed = 2; INSERT INTO messages_fts (messages_fts) VALUES ('delete-all');`);
    });
    store = await openAt();
    expect((await store.list({ search: 'quince' })).messages.map((m) => m.id)).toEqual([a.id]);
    await store.close();
    expect(withConnection((db) => db.prepare('SELECT COUNT(*) FROM messages WHERE indexed != 1').pluck().get())).toBe(0);
  });

  it('writes a quick index in the commit that stores the message; the others wait for the deferred one', async () => {
    const deferred: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const store = await openAt({
      searchIdleMs: 60_000,
      quickIndexer: quickTestIndex,
      indexer: async (raw) => {
        deferred.push(raw.toString('utf8').match(/^Subject: (.*)$/m)?.[1] ?? '');
        await held; // the full parse does not answer until told
        return indexTestMessage(raw);
      },
    });
    const simple = await store.insert(buildMessage({ subject: 'simple', body: 'rhubarb fool' }));
    const states = () => withConnection((db) => db.prepare('SELECT indexed, snippet FROM messages ORDER BY seq').all());
    expect(states()).toEqual([{ indexed: 2, snippet: 'rhubarb fool' }]); // in the commit, before any read
    expect((await store.list({})).messages.map((m) => m.snippet)).toEqual(['rhubarb fool']);
    expect((await store.list({ search: 'rhubarb' })).messages.map((m) => m.id)).toEqual([simple.id]);
    expect(deferred).toEqual([]); // the full parse never saw it

    const withFile = await store.insert(buildMessage({ subject: 'with a file', body: 'gooseberry', attachments: ['a.txt'] }));
    let listed = false;
    const listing = store.list({}).then((page) => {
      listed = true;
      return page;
    });
    await sleep(50);
    expect(listed).toBe(false); // read-your-writes: the list waits for the deferred index
    release();
    expect((await listing).messages.find((m) => m.id === withFile.id)).toMatchObject({ snippet: 'gooseberry', attachments: 1 });
    expect(deferred).toEqual(['with a file']);
    await store.close();
  });

  it('sends a message to the deferred index when the quick index throws', async () => {
    const store = await openAt({
      quickIndexer: () => {
        throw new Error('quick index bug');
      },
    });
    const { id } = await store.insert(buildMessage({ body: 'elderflower' }));
    expect((await store.getSummary(id))?.snippet).toBe('elderflower');
    expect((await store.list({ search: 'elderflower' })).messages.map((m) => m.id)).toEqual([id]);
    await store.close();
  });

  it('writes full-text rows when a search needs them; reads that do not search never wait for them', async () => {
    const store = await openAt({ searchIdleMs: 60_000 });
    const a = await store.insert(buildMessage({ subject: 'one', body: 'damson crumble' }));
    const b = await store.insert(buildMessage({ subject: 'two', body: 'damson tart' }));
    const listed = await store.list({});
    expect(listed.messages.map((m) => m.snippet).sort()).toEqual(['damson crumble', 'damson tart']);
    const states = () => withConnection((db) => db.prepare('SELECT indexed FROM messages ORDER BY seq').pluck().all());
    expect(states()).toEqual([2, 2]); // parsed; the full-text rows wait
    // A message deleted while its full-text row waits is skipped when the backlog is written.
    await store.delete({ ids: [a.id] });
    const found = await store.list({ search: 'damson' });
    expect(found.messages.map((m) => m.id)).toEqual([b.id]);
    expect(states()).toEqual([1]);
    await store.close();
  });

  it('makes the full-text rows of quick-indexed messages from the store, as they would have been made on arrival', async () => {
    const mails: TestMail[] = [
      { subject: 'plums', body: 'victoria plums in syrup' },
      { subject: 'Crème brûlée', body: 'caramelised sugar, vanilla', cc: [{ name: 'Zoë Pâtissière', address: 'zoe@example.org' }] },
      { subject: 'with a file', body: 'gooseberry fool', attachments: ['recipe.txt'] }, // the full parse makes this row
      { subject: 'reply', body: 'see below', replyTo: [{ name: '', address: 'replies@example.net' }], from: null },
      { subject: 'padded', body: 'long rhubarb', padBytes: 3000 },
      { subject: 'deleted before its row is written', body: 'ephemeral' },
      { subject: 'last', body: 'blackcurrant' },
    ];
    const messages = mails.map((mail, i) => buildMessage({ ...mail, messageId: `${i}@example.com` }));
    let quickCalls = 0;
    const store = await openAt({
      quickIndexer: (raw, headers, part) => {
        quickCalls++;
        return quickIndex(raw, headers, part);
      },
      searchIdleMs: 60_000,
    });
    const ids: string[] = [];
    for (const message of messages) ids.push((await store.insert(message)).id);
    expect(quickCalls).toBe(7); // at insert, for the snippet and counts; it declines the one with a file
    await store.delete({ ids: [ids[5]] });
    expect((await store.list({ search: 'blackcurrant' })).messages.map((m) => m.id)).toEqual([ids[6]]);
    expect(quickCalls).toBe(12); // and again for the 5 rows made from the store (not the deleted one)
    await store.close();

    /** The full-text index as instances: term, message, column, offset. */
    const instancesOf = (db: Database.Database) => {
      db.exec('CREATE VIRTUAL TABLE temp.instances USING fts5vocab(main, messages_fts, instance)');
      return db.prepare('SELECT term, doc, col, offset FROM instances ORDER BY doc, col, offset').all();
    };
    // The rows made from each message as it arrived (its bytes and the header fields it came with).
    const expected = new Database(':memory:');
    migrations.forEach((m) => m.up(expected));
    const write = expected.prepare(
      'INSERT INTO messages_fts (rowid, subject, from_addr, to_addr, cc_addr, bcc_addr, reply_to_addr, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    messages.forEach((m, i) => {
      if (i === 5) return;
      const r = searchRow(i + 1, m.headers.subject, m.headers, quickIndex(m.raw, m.headers) ?? indexTestMessage(m.raw));
      write.run(r.seq, r.subject, r.from, r.to, r.cc, r.bcc, r.replyTo, r.body);
    });
    const want = instancesOf(expected);
    expected.close();
    expect(want.length).toBeGreaterThan(30);
    expect(withConnection(instancesOf)).toEqual(want);
    expect(withConnection((db) => db.prepare('SELECT indexed FROM messages').pluck().all())).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects an insert with storage_failed when the database cannot be written, and recovers after', async () => {
    const store = await openAt({ busyTimeoutMs: 20 });
    const blocker = new Database(path);
    try {
      blocker.exec('BEGIN EXCLUSIVE'); // another writer holds the lock past our busy timeout
      const err = await store.insert(buildMessage()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDevmailError(err, 'storage_failed')).toBe(true);
      expect((err as Error).message).toContain('SQLITE_BUSY');
      blocker.exec('COMMIT');
      const ok = await store.insert(buildMessage({ subject: 'after the lock' }));
      expect((await store.getSummary(ok.id))?.subject).toBe('after the lock');
      expect(await store.stats()).toEqual({ total: 1, unread: 1 });
    } finally {
      blocker.close();
      await store.close();
    }
  });

  it('fails only the bad message of a group and commits the others', async () => {
    const store = await openAt();
    const bad = { ...buildMessage(), headers: { ...buildMessage().headers, subject: null as unknown as string } };
    const results = await Promise.allSettled([
      store.insert(buildMessage({ subject: 'good one' })),
      store.insert(bad),
      store.insert(buildMessage({ subject: 'good two' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isDevmailError((results[1] as PromiseRejectedResult).reason, 'storage_failed')).toBe(true);
    expect((await store.list({})).messages.map((m) => m.subject)).toEqual(['good two', 'good one']);
    expect(await store.stats()).toEqual({ total: 2, unread: 2 });
    await store.close();
  });

  it('lists a message the indexer fails on, and keeps the failure', async () => {
    const store = await openAt({
      indexer: (raw) => {
        if (raw.includes('poison')) throw new Error('cannot parse this');
        return indexTestMessage(raw);
      },
    });
    const bad = await store.insert(buildMessage({ subject: 'bad', body: 'poison' }));
    await store.insert(buildMessage({ subject: 'good', body: 'fine words' }));
    const list = await store.list({});
    expect(list.messages.map((m) => [m.subject, m.snippet])).toEqual([
      ['good', 'fine words'],
      ['bad', ''],
    ]);
    expect((await store.list({ search: 'subject:bad' })).messages.map((m) => m.id)).toEqual([bad.id]);
    await store.close();
    const stored = withConnection((db) => db.prepare('SELECT parse_error, indexed FROM messages WHERE id = ?').get(bad.id));
    expect(stored).toEqual({ parse_error: 'indexing failed: cannot parse this', indexed: 1 });
  });

  it('closes without waiting forever for a stuck indexer, leaving the rest to the next open', async () => {
    let store = await openAt({ indexer: () => new Promise(() => {}), closeTimeoutMs: 30 });
    const { id } = await store.insert(buildMessage({ body: 'patience rewarded' }));
    await store.close();
    expect(withConnection((db) => db.prepare('SELECT indexed FROM messages WHERE id = ?').pluck().get(id))).toBe(0);
    store = await openAt();
    expect((await store.list({ search: 'patience' })).messages.map((m) => m.id)).toEqual([id]);
    await store.close();
  });

  it('stores raw bytes compressed when that makes them smaller, and says how', async () => {
    const store = await openAt();
    const messages = {
      typical: buildMessage({ body: 'compressible text '.repeat(200) }), // 3.7 KB: LZ4
      large: buildMessage({ body: 'a longer newsletter, '.repeat(1500) }), // 32 KB: deflate
      small: buildMessage({ body: 'hi' }),
      noise: (() => {
        const m = buildMessage();
        return { ...m, raw: Buffer.concat([m.raw, randomBytes(4000)]) };
      })(),
    };
    const ids: Record<string, string> = {};
    for (const [name, message] of Object.entries(messages)) ids[name] = (await store.insert(message)).id;
    for (const [name, message] of Object.entries(messages)) expect((await store.get(ids[name]))?.raw.equals(message.raw)).toBe(true);
    await store.close();
    const rows = withConnection(
      (db) =>
        db
          .prepare('SELECT m.id, b.encoding, length(b.raw) AS stored, m.size FROM messages m JOIN message_bodies b USING (seq)')
          .all() as { id: string; encoding: string; stored: number; size: number }[],
    );
    const row = (name: string) => rows.find((r) => r.id === ids[name])!;
    expect(row('typical').encoding).toBe('lz4');
    expect(row('typical').stored).toBeLessThan(row('typical').size / 4);
    expect(row('large').encoding).toBe('deflate-raw');
    expect(row('large').stored).toBeLessThan(row('large').size / 10);
    expect(row('small').encoding).toBe('identity');
    expect(row('noise').encoding).toBe('identity');
  });

  it('records the schema version and refuses a database from a newer devmail', async () => {
    const store = await openAt();
    await store.close();
    expect(withConnection((db) => db.pragma('user_version', { simple: true }))).toBe(migrations.at(-1)!.version);
    withConnection((db) => db.pragma('user_version = 999'));
    const err = await openAt().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDevmailError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toContain('999');
  });

  it('has the full-text index merge 8 segments at a time', async () => {
    const store = await openAt();
    await store.close();
    expect(withConnection((db) => db.prepare(`SELECT v FROM messages_fts_config WHERE k = 'automerge'`).pluck().get())).toBe(8);
  });

  it('keeps the list, cursor and search queries on indexes, without sorting', async () => {
    const store = await openAt();
    await store.close();
    const plans = withConnection((db) =>
      [
        `SELECT m.id FROM messages m WHERE 1 ORDER BY m.created DESC, m.seq DESC LIMIT 50`,
        `SELECT m.id FROM messages m WHERE m.inbox = 'x' ORDER BY m.created DESC, m.seq DESC LIMIT 50`,
        `SELECT m.id FROM messages m WHERE m.inbox = 'x' AND (m.created, m.seq) < (1, 1) ORDER BY m.created DESC, m.seq DESC LIMIT 50`,
      ].map((sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ')),
    );
    for (const plan of plans) {
      expect(plan).toMatch(/USING (COVERING )?INDEX messages_/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('counts the matches of a narrow search in the messages_state index, of any other in the rows', async () => {
    const store = await openAt();
    await store.close();
    const planOf = (search: string) => {
      const compiled = compileSearch(parseSearch(search));
      const filter = { where: `m.inbox = ? AND (${compiled.where})`, params: ['x', ...compiled.params], narrow: compiled.narrow };
      return withConnection((db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${matchingSql(filter)}`).all(...filter.params) as { detail: string }[]).map((r) => r.detail).join('; '),
      );
    };
    for (const search of ['hello', 'tag:t', 'is:unread', '-hello is:read']) {
      expect(planOf(search), search).toMatch(/SEARCH m USING COVERING INDEX messages_state|SCAN m USING COVERING INDEX messages_state/);
    }
    expect(planOf('hello larger:1K')).not.toContain('messages_state');
  });

  it('removes a :temp: database file when closed', async () => {
    const store = await openSqliteStore({ path: ':temp:', indexer: indexTestMessage });
    const location = store.info.location;
    expect(existsSync(location)).toBe(true);
    expect(store.info.kind).toBe('sqlite');
    await store.insert(buildMessage());
    expect(store.info.sizeBytes).toBeGreaterThan(0);
    await store.close();
    expect(existsSync(location)).toBe(false);
    expect(existsSync(`${location}-wal`)).toBe(false);
  });

  it('refuses a database file it cannot create, naming it', async () => {
    const err = await openSqliteStore({ path: join(dir, 'missing', 'dir', 'x.db'), indexer: indexTestMessage }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDevmailError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toContain('x.db');
  });
});

describe('openStore', () => {
  it('opens SQLite for a path and says PostgreSQL is not built yet', async () => {
    const store = await openStore(':temp:', { indexer: indexTestMessage });
    expect(store.info.kind).toBe('sqlite');
    await store.close();
    for (const url of ['postgres://user:pw@localhost/devmail', 'postgresql://localhost/x']) {
      const err = await openStore(url, { indexer: indexTestMessage }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDevmailError(err, 'config_invalid')).toBe(true);
      expect((err as Error).message).toContain('not built yet');
      expect((err as Error).message).not.toContain('pw');
    }
    const other = await openStore('mysql://localhost/x', { indexer: indexTestMessage }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDevmailError(other, 'config_invalid')).toBe(true);
  });
});

function slowIndexerRecording(seen: string[]) {
  return async (raw: Buffer) => {
    await new Promise((r) => setTimeout(r, 2));
    seen.push(raw.toString('utf8', 0, 40));
    return indexTestMessage(raw);
  };
}
