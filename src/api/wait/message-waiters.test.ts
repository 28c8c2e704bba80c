import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../core/bus.js';
import { isDevmailError } from '../../core/errors.js';
import { buildMessage, indexTestMessage } from '../../store/contract-fixtures.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { ListQuery, Store } from '../../store/store.js';
import { MessageWaiters } from './message-waiters.js';

/** Waiters over a real SQLite store whose clock stands still: every message has the same `created`. */

let dir: string;
let store: Store;
let bus: EventBus;
let waiters: MessageWaiters;
let listCalls: ListQuery[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devmail-waiters-'));
  const frozen = new Date('2024-05-01T10:00:00.000Z');
  const real = await openSqliteStore({ path: join(dir, 'devmail.db'), indexer: indexTestMessage, now: () => frozen });
  listCalls = [];
  // Counts the searches the waiters run.
  store = Object.assign(Object.create(real) as Store, {
    list: (query: ListQuery) => {
      listCalls.push(query);
      return real.list(query);
    },
  });
  bus = new EventBus();
  waiters = new MessageWaiters(store, bus);
});
afterEach(async () => {
  waiters.close();
  await Object.getPrototypeOf(store).close();
  rmSync(dir, { recursive: true, force: true });
});

async function capture(subject: string, to = 'rcpt@example.com'): Promise<string> {
  const { id } = await store.insert(buildMessage({ subject, to: [{ name: '', address: to }] }));
  const summary = await store.getSummary(id);
  if (!summary) throw new Error(`message ${id} not found right after it was stored`);
  bus.publish('message.created', { summary });
  return id;
}

describe('MessageWaiters', () => {
  it('tells messages stored in the same millisecond apart by list order', async () => {
    const first = await capture('one');
    const created = (await store.getSummary(first))!.created;
    const cursor = { kind: 'id' as const, id: first, created };
    expect(await waiters.findMatch({ after: cursor })).toBeNull();
    const second = await capture('two');
    expect((await waiters.findMatch({ after: cursor }))?.id).toBe(second);
    expect(await waiters.findMatch({ after: { kind: 'id', id: second, created } })).toBeNull();
  });

  it('runs one search per distinct query for a crowd of waiters', async () => {
    const crowd = Array.from({ length: 50 }, () => waiters.wait({ search: 'subject:hello' }, 10_000));
    const other = waiters.wait({ search: 'subject:other' }, 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiters.size).toBe(51);
    listCalls = [];
    const id = await capture('hello');
    const answers = await Promise.all(crowd);
    expect(new Set(answers.map((s) => s?.id))).toEqual(new Set([id]));
    // One sweep: one search for "subject:hello", one for "subject:other" (still parked).
    expect(listCalls.filter((q) => q.search === 'subject:hello')).toHaveLength(1);
    expect(listCalls.filter((q) => q.search === 'subject:other')).toHaveLength(1);
    expect(waiters.size).toBe(1);
    waiters.close();
    await expect(other).rejects.toSatisfy((err) => isDevmailError(err, 'unavailable'));
  });

  it('answers null on timeout and on abort, and forgets the waiter', async () => {
    expect(await waiters.wait({ search: 'subject:never' }, 20)).toBeNull();
    const abort = new AbortController();
    const pending = waiters.wait({ search: 'subject:never' }, 10_000, abort.signal);
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    expect(await pending).toBeNull();
    expect(waiters.size).toBe(0);
  });

  it('rejects a bad search at once', async () => {
    await expect(waiters.wait({ search: 'after:2024-01-01', tz: 'Mars/Base' }, 10_000)).rejects.toSatisfy((err) =>
      isDevmailError(err, 'bad_request'),
    );
    expect(waiters.size).toBe(0);
  });
});
