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

  it('stops listening when stopped', async () => {
    const t = await setUp();
    await t.stop();
    t.bus.publish('messages.truncated', {});
    await t.nextTurns();
    expect(t.seen).toEqual([]);
  });
});
