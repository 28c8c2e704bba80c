import { afterEach, describe, expect, it } from 'vitest';
import { EventBus, type MailboxStats } from '../core/bus.js';
import { silentLogger } from '../core/logger.js';
import { indexMessage } from '../mime/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { createIngest } from './capture.js';
import { startStatsAnnouncer } from './stats-announcer.js';

const raw = Buffer.from('From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\r\n');
const envelope = { mailFrom: 'a@example.com', rcptTo: ['b@example.com'] };

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function setUp() {
  store = await openSqliteStore({ path: ':temp:', indexer: indexMessage });
  const bus = new EventBus();
  const seen: MailboxStats[] = [];
  bus.on('stats.changed', (s) => seen.push(s));
  const stop = startStatsAnnouncer({ store, bus, logger: silentLogger() });
  const ingest = createIngest({ store, bus, logger: silentLogger(), hostname: 'test' });
  const nextTurns = () => new Promise((r) => setTimeout(r, 20));
  return { store, bus, seen, stop, ingest, nextTurns };
}

describe('startStatsAnnouncer', () => {
  it('publishes the totals once after a burst of captures', async () => {
    const t = await setUp();
    await Promise.all([1, 2, 3].map(() => t.ingest.capture({ envelope, raw, source: 'api' })));
    await t.ingest.settled();
    await t.nextTurns();
    expect(t.seen.at(-1)).toEqual({ total: 3, unread: 3 });
    expect(t.seen.length).toBeLessThan(3);
    await t.stop();
  });

  it('publishes new totals after retention prunes, whoever publishes the change', async () => {
    const t = await setUp();
    await t.ingest.capture({ envelope, raw, source: 'api' });
    await t.ingest.capture({ envelope, raw, source: 'api' });
    await t.ingest.settled();
    await t.nextTurns();
    const ids = await t.store.prune({ maxMessages: 1, maxAgeMs: 0 });
    t.bus.publish('messages.pruned', { ids });
    await t.nextTurns();
    expect(t.seen.at(-1)).toEqual({ total: 1, unread: 1 });
    await t.stop();
  });

  it('reads no totals while nothing listens to them, and reads them once something does', async () => {
    store = await openSqliteStore({ path: ':temp:', indexer: indexMessage });
    const real = store;
    let reads = 0;
    const counting = new Proxy(real, {
      get: (target, key) => (key === 'stats' ? () => (reads++, target.stats()) : Reflect.get(target, key)),
    });
    const bus = new EventBus();
    const stop = startStatsAnnouncer({ store: counting, bus, logger: silentLogger() });
    const ingest = createIngest({ store: real, bus, logger: silentLogger(), hostname: 'test' });
    await Promise.all([1, 2, 3].map(() => ingest.capture({ envelope, raw, source: 'api' })));
    await ingest.settled();
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toBe(0);
    const seen: MailboxStats[] = [];
    const off = bus.on('stats.changed', (s) => seen.push(s));
    await ingest.capture({ envelope, raw, source: 'api' });
    await ingest.settled();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([{ total: 4, unread: 4 }]);
    expect(reads).toBe(1);
    off();
    await stop();
  });

  it('reads one at a time: changes made during a read are covered by one more read', async () => {
    const t = await setUp();
    let inFlight = 0;
    let most = 0;
    const real = t.store;
    const slow = new Proxy(real, {
      get: (target, key) =>
        key === 'stats'
          ? async () => {
              most = Math.max(most, ++inFlight);
              await new Promise((r) => setTimeout(r, 15));
              inFlight--;
              return target.stats();
            }
          : Reflect.get(target, key),
    });
    await t.stop();
    const stop = startStatsAnnouncer({ store: slow, bus: t.bus, logger: silentLogger() });
    for (let i = 0; i < 5; i++) {
      await t.ingest.capture({ envelope, raw, source: 'api' });
      await t.ingest.settled();
      await new Promise((r) => setTimeout(r, 4));
    }
    await new Promise((r) => setTimeout(r, 60));
    expect(most).toBe(1);
    expect(t.seen.length).toBeLessThan(5);
    expect(t.seen.at(-1)).toEqual({ total: 5, unread: 5 });
    await stop();
  });

  it('stops listening when stopped', async () => {
    const t = await setUp();
    await t.stop();
    t.bus.publish('messages.truncated', {});
    await t.nextTurns();
    expect(t.seen).toEqual([]);
  });
});
