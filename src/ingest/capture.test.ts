import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../core/bus.js';
import { silentLogger } from '../core/logger.js';
import type { MessageSummary } from '../core/types.js';
import { indexMessage, quickIndex } from '../mime/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { createIngest } from './capture.js';

const envelope = { mailFrom: 'a@example.com', rcptTo: ['b@example.com'] };
const raw = (n: number) => Buffer.from(`From: a@example.com\r\nTo: b@example.com\r\nSubject: number ${n}\r\n\r\nbody ${n}\r\n`);

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

describe('createIngest announcements', () => {
  it('publishes every capture once, in arrival order, with its indexed snippet, also in bursts', async () => {
    store = await openSqliteStore({ path: ':temp:', indexer: indexMessage });
    const bus = new EventBus();
    const seen: MessageSummary[] = [];
    bus.on('message.created', ({ summary }) => seen.push(summary));
    const ingest = createIngest({ store, bus, logger: silentLogger(), hostname: 'test' });
    const first = await ingest.capture({ envelope, raw: raw(0), source: 'api' });
    // A burst arrives while the first read-back may still be running.
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => ingest.capture({ envelope, raw: raw(i + 1), source: 'api' })));
    await ingest.settled();
    expect(seen.map((s) => s.id)).toEqual([first.id, ...burst.map((r) => r.id)]);
    expect(seen.map((s) => s.snippet)).toEqual(Array.from({ length: 41 }, (_, i) => `body ${i}`));
  });

  it('publishes quick-indexed messages with their stored summary, in order behind ones read back', async () => {
    store = await openSqliteStore({ path: ':temp:', indexer: indexMessage, quickIndexer: quickIndex });
    const bus = new EventBus();
    const seen: MessageSummary[] = [];
    bus.on('message.created', ({ summary }) => seen.push(summary));
    const ingest = createIngest({ store, bus, logger: silentLogger(), hostname: 'test' });
    // Every third message has a file, which the quick index leaves to the full parse.
    const withFile = (n: number) =>
      Buffer.from(
        `From: a@example.com\r\nSubject: file ${n}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n` +
          `Content-Type: text/plain\r\n\r\nbody ${n}\r\n--b\r\nContent-Type: application/pdf\r\n` +
          `Content-Disposition: attachment; filename=f.pdf\r\n\r\nAAAA\r\n--b--\r\n`,
      );
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ingest.capture({ envelope, raw: i % 3 === 0 ? withFile(i) : raw(i), source: 'api' })),
    );
    await ingest.settled();
    expect(seen.map((s) => s.id)).toEqual(sent.map((r) => r.id));
    expect(seen.map((s) => s.snippet)).toEqual(Array.from({ length: 30 }, (_, i) => `body ${i}`));
    expect(seen.map((s) => s.attachments)).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0)));
    expect(seen).toEqual(await store.getSummaries(sent.map((r) => r.id)));
  });

  it('settles at once when nothing was captured', async () => {
    store = await openSqliteStore({ path: ':temp:', indexer: indexMessage });
    const ingest = createIngest({ store, bus: new EventBus(), logger: silentLogger(), hostname: 'test' });
    await expect(ingest.settled()).resolves.toBeUndefined();
  });
});
