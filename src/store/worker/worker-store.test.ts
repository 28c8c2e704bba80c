import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { buildMessage, slowIndexerModule } from '../contract-fixtures.js';
import { crashStoreThread } from './testing.js';
import { openWorkerStore } from './worker-store.js';

const testing = (name: string) => ({ module: new URL('./testing.js', import.meta.url), export: name });
/** Retries `attempt` every 50 ms (for up to 20 s) until it resolves: the thread is back. */
async function until<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= 400) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isDevmailError(e) ? e.code : String(e)));

describe('worker-hosted sqlite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-worker-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails pending inserts as storage_failed and reads as unavailable once its thread dies', async () => {
    // A thread that dies on every index would die again at each restart: none within this test.
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: testing('createExitingIndexer'), restart: { firstMs: 60_000 } });
    const first = await codeOf(store.insert(buildMessage()));
    // The insert committed; whether its answer left before the thread died is a race.
    expect(['resolved', 'storage_failed']).toContain(first);
    await new Promise((r) => setTimeout(r, 200));
    expect(await codeOf(store.insert(buildMessage()))).toBe('storage_failed');
    expect(await codeOf(store.list({}))).toBe('unavailable');
    await store.close();
  });

  for (const how of ['throw', 'exit'] as const) {
    it(`starts its thread again on the same database after it dies (${how}): calls in flight fail, later ones work`, async () => {
      const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(0), restart: { firstMs: 50 } });
      const kept = await store.insert(buildMessage({ subject: 'before' }));
      const outage = crashStoreThread(store, { how, stallMs: 300, holdRestart: true });
      // The crash leaves in this turn's batch; the calls below in the next one, which reaches
      // the thread while it stalls and is never handled (in one batch, a read could finish in
      // the microtasks that run before the thread is torn down).
      await new Promise((resolve) => setImmediate(resolve));
      const inFlight = codeOf(store.insert(buildMessage({ subject: 'in flight' })));
      const readInFlight = codeOf(store.list({}));
      await outage.died;
      expect(await readInFlight).toBe('unavailable');
      expect(await codeOf(store.insert(buildMessage({ subject: 'while down' })))).toBe('storage_failed');
      expect(await codeOf(store.stats())).toBe('unavailable');
      // The insert in flight waits for the next thread to say whether it was stored: it was not.
      outage.releaseRestart();
      expect(await inFlight).toBe('storage_failed');
      const back = await until(() => store.insert(buildMessage({ subject: 'after' })));
      const { messages } = await store.list({});
      expect(messages.map((m) => m.id).sort()).toEqual([kept.id, back.id].sort());
      await store.close();
    });
  }

  it('answers inserts that committed before their thread died with their IDs once it is back: no failure, nothing stored twice', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(0), restart: { firstMs: 50 } });
    const kept = await store.insert(buildMessage({ subject: 'before' }));
    const outage = crashStoreThread(store, { how: 'exit-after-commit' });
    // One batch, one group: the thread exits as the group commits, before any of its answers leaves.
    const inserts = Array.from({ length: 5 }, (_, i) => store.insert(buildMessage({ subject: `group ${i}` })));
    await outage.died;
    const results = await Promise.all(inserts);
    expect(results.map((r) => r.summary?.subject)).toEqual(['group 0', 'group 1', 'group 2', 'group 3', 'group 4']);
    const { messages, total } = await store.list({});
    expect(total).toBe(6);
    expect(messages.map((m) => m.id).sort()).toEqual([kept.id, ...results.map((r) => r.id)].sort());
    expect((await store.insert(buildMessage({ subject: 'after' }))).id).toMatch(/^[0-9A-Za-z]{22}$/);
    await store.close();
  });

  it('fails inserts in doubt as storage_failed when the thread is not back within the wait', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(0), restart: { firstMs: 50 }, inDoubtWaitMs: 300 });
    const outage = crashStoreThread(store, { how: 'exit-after-commit', holdRestart: true });
    const inFlight = store.insert(buildMessage({ subject: 'committed, unanswered' }));
    await outage.died;
    const started = Date.now();
    const failure = await inFlight.then(() => null, (e: unknown) => e as Error);
    expect(isDevmailError(failure, 'storage_failed')).toBe(true);
    expect(failure?.message).toMatch(/not running again within 300 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    outage.releaseRestart();
    // It was stored all the same: the 451 said "maybe not", and the message is there once.
    await until(() => store.stats());
    expect((await store.list({})).messages.map((m) => m.subject)).toEqual(['committed, unanswered']);
    await store.close();
  });

  it('stops starting its thread again once closed while it is down', async () => {
    const path = join(dir, 'db');
    const store = await openWorkerStore({ path, indexer: slowIndexerModule(0), restart: { firstMs: 50 } });
    const outage = crashStoreThread(store, { how: 'throw', holdRestart: true });
    await outage.died;
    await store.close();
    outage.releaseRestart();
    await new Promise((r) => setTimeout(r, 300));
    expect(await codeOf(store.insert(buildMessage()))).toBe('unavailable');
  });

  it('rebuilds errors from the thread with their code, and Buffers and Dates as such', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(1) });
    expect(await codeOf(store.list({ limit: -1 }))).toBe('bad_request');
    const m = buildMessage({ subject: 'types' });
    const { id } = await store.insert(m);
    expect((await store.getSummary(id))?.created).toBeInstanceOf(Date);
    const stored = await store.get(id);
    expect(Buffer.isBuffer(stored?.raw)).toBe(true);
    expect(stored?.raw.equals(m.raw)).toBe(true);
    const scanned = [];
    for await (const s of store.scan()) scanned.push(s);
    expect(Buffer.isBuffer(scanned[0]?.raw)).toBe(true);
    await store.close();
  });

  it('stops a scan early without leaving the thread busy', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(0) });
    await Promise.all(Array.from({ length: 250 }, (_, i) => store.insert(buildMessage({ subject: `m${i}` }))));
    let seen = 0;
    for await (const _ of store.scan()) if (++seen === 150) break;
    expect(seen).toBe(150);
    expect((await store.stats()).total).toBe(250);
    await store.close();
  });

  it('reports an indexer module that cannot start as the open error', async () => {
    const err = await openWorkerStore({ path: join(dir, 'db'), indexer: testing('createFailingIndexer') }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/no parser today/);
    const missing = await openWorkerStore({ path: join(dir, 'db'), indexer: testing('nothingHere') }).then(() => null, (e: unknown) => e);
    expect(isDevmailError(missing, 'config_invalid')).toBe(true);
  });
});
