import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { buildMessage, slowIndexerModule } from '../contract-fixtures.js';
import { openWorkerStore } from './worker-store.js';

const testing = (name: string) => ({ module: new URL('./testing.js', import.meta.url), export: name });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isDevmailError(e) ? e.code : String(e)));

describe('worker-hosted sqlite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-worker-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails pending inserts as storage_failed and reads as unavailable once its thread dies', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: testing('createExitingIndexer') });
    const first = await codeOf(store.insert(buildMessage()));
    // The insert committed; whether its answer left before the thread died is a race.
    expect(['resolved', 'storage_failed']).toContain(first);
    await new Promise((r) => setTimeout(r, 200));
    expect(await codeOf(store.insert(buildMessage()))).toBe('storage_failed');
    expect(await codeOf(store.list({}))).toBe('unavailable');
    await store.close();
  });

  it('rebuilds errors from the thread with their code, and Buffers and Dates as such', async () => {
    const store = await openWorkerStore({ path: join(dir, 'db'), indexer: slowIndexerModule(1) });
    expect(await codeOf(store.list({ limit: -1 }))).toBe('bad_request');
    const m = buildMessage({ subject: 'types' });
    const { id, created } = await store.insert(m);
    expect(created).toBeInstanceOf(Date);
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
