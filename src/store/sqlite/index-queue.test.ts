import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { IndexFields, MessageIndexer } from '../store.js';
import { IndexQueue, type IndexedRow } from './index-queue.js';

const fields = (raw: Buffer): IndexFields => ({
  snippet: raw.toString(),
  attachments: 0,
  inline: 0,
  searchText: raw.toString(),
  parseError: null,
});

function setup(options: { indexer?: MessageIndexer; failWrites?: number; batchSize?: number } = {}) {
  const written: IndexedRow[][] = [];
  let failures = options.failWrites ?? 0;
  const queue = new IndexQueue({
    indexer: options.indexer ?? fields,
    loadRaw: (seq) => (seq === 404 ? null : Buffer.from(`stored ${seq}`)),
    writeBatch: (rows) => {
      if (failures-- > 0) throw new Error('database is locked');
      written.push(rows);
    },
    logger: silentLogger(),
    batchSize: options.batchSize,
  });
  return { queue, written };
}

describe('IndexQueue', () => {
  it('drains once every job queued before the call is written, in commit order', async () => {
    const { queue, written } = setup({
      indexer: async (raw) => {
        await sleep(raw.toString() === 'a' ? 20 : 1); // the first answers last
        return fields(raw);
      },
      batchSize: 2,
    });
    queue.enqueue([
      { seq: 1, raw: Buffer.from('a') },
      { seq: 2, raw: Buffer.from('b') },
      { seq: 3, raw: null },
    ]);
    await queue.drain();
    expect(written.flat().map((r) => [r.seq, r.fields.snippet])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'stored 3'],
    ]);
    expect(written.map((batch) => batch.length)).toEqual([2, 1]);
    expect(queue.pending).toBe(0);
  });

  it('does not hold a reader up for jobs queued after it started waiting', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { queue } = setup({
      indexer: async (raw) => {
        if (raw.toString() === 'late') await gate;
        return fields(raw);
      },
      batchSize: 1,
    });
    queue.enqueue([{ seq: 1, raw: Buffer.from('early') }]);
    const drained = queue.drain();
    queue.enqueue([{ seq: 2, raw: Buffer.from('late') }]);
    await drained; // would hang if it waited for 'late'
    expect(queue.pending).toBe(1);
    release();
    await queue.drain();
    expect(queue.pending).toBe(0);
  });

  it('records an indexer failure as a parse error instead of stalling', async () => {
    const { queue, written } = setup({
      indexer: () => {
        throw new Error('malformed MIME');
      },
    });
    queue.enqueue([{ seq: 1, raw: Buffer.from('x') }]);
    await queue.drain();
    expect(written[0][0].fields).toEqual({
      snippet: '',
      attachments: 0,
      inline: 0,
      searchText: '',
      parseError: 'indexing failed: malformed MIME',
    });
  });

  it('skips a job whose message was deleted before it was indexed', async () => {
    const { queue, written } = setup();
    queue.enqueue([{ seq: 404, raw: null }, { seq: 5, raw: null }]);
    await queue.drain();
    expect(written.flat().map((r) => r.seq)).toEqual([5]);
  });

  it('retries a failed write, then fails the waiting readers but goes on with later jobs', async () => {
    const retried = setup({ failWrites: 2 });
    retried.queue.enqueue([{ seq: 1, raw: Buffer.from('x') }]);
    await retried.queue.drain();
    expect(retried.written.flat().map((r) => r.seq)).toEqual([1]);

    const broken = setup({ failWrites: 3 });
    broken.queue.enqueue([{ seq: 1, raw: Buffer.from('x') }]);
    const err = await broken.queue.drain().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDevmailError(err, 'storage_failed')).toBe(true);
    broken.queue.enqueue([{ seq: 2, raw: Buffer.from('y') }]);
    await broken.queue.drain();
    expect(broken.written.flat().map((r) => r.seq)).toEqual([2]);
  });

  it('rejects waiting readers as unavailable when stopped', async () => {
    const { queue } = setup({ indexer: () => new Promise(() => {}) });
    queue.enqueue([{ seq: 1, raw: Buffer.from('x') }]);
    const waiting = queue.drain();
    queue.stop();
    const err = await waiting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDevmailError(err, 'unavailable')).toBe(true);
  });
});
