import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMessage, slowIndexerModule } from './contract-fixtures.js';
import type { StoreHarness } from './contract.js';
import type { Store } from './store.js';

const t0 = Date.parse('2024-04-01T10:00:00Z');

/**
 * The outbox part of the Store contract: jobs (relays, webhook deliveries) and webhooks, which
 * must survive a restart, and the search filter that rules and webhooks use.
 */
export function describeOutboxContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`${name} store contract: outbox`, () => {
    let harness: StoreHarness;
    let store: Store;
    let clockMs = t0;
    const open = () => harness.open({ indexer: slowIndexerModule(3), now: () => new Date(clockMs) });

    beforeEach(async () => {
      clockMs = t0;
      harness = await createHarness();
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await harness.destroy();
    });

    it('adds a job as pending with no attempts, due now unless told otherwise', async () => {
      const job = await store.addJob({ kind: 'relay', target: 'release', messageId: 'm1', payload: { to: ['a@example.com'] } });
      expect(job).toMatchObject({ kind: 'relay', target: 'release', messageId: 'm1', state: 'pending', attempts: 0, nextAttemptAt: t0, lastError: null });
      expect(job.payload).toEqual({ to: ['a@example.com'] });
      expect(job.created.getTime()).toBe(t0);
      const later = await store.addJob({ kind: 'relay', target: 'rule', messageId: 'm2', payload: null, nextAttemptAt: t0 + 5000 });
      expect(later.nextAttemptAt).toBe(t0 + 5000);
      expect(later.id).toBeGreaterThan(job.id);
    });

    it('records attempts and lists jobs by kind, target and state, in ID order either way', async () => {
      const a = await store.addJob({ kind: 'webhook', target: 'h1', messageId: 'm1', payload: { n: 1 } });
      const b = await store.addJob({ kind: 'webhook', target: 'h1', messageId: 'm2', payload: { n: 2 } });
      await store.addJob({ kind: 'webhook', target: 'h2', messageId: 'm1', payload: { n: 3 } });
      await store.addJob({ kind: 'relay', target: 'release', messageId: 'm1', payload: {} });
      clockMs += 1000;
      const updated = await store.updateJob(a.id, { state: 'delivered', attempts: 3, nextAttemptAt: null, lastError: 'HTTP 500', lastResult: 'HTTP 200' });
      expect(updated).toMatchObject({ state: 'delivered', attempts: 3, nextAttemptAt: null, lastError: 'HTTP 500', lastResult: 'HTTP 200' });
      expect(updated?.updated.getTime()).toBe(t0 + 1000);
      expect((await store.getJob(a.id))?.state).toBe('delivered');
      expect((await store.listJobs({ kind: 'webhook', target: 'h1' })).map((j) => j.id)).toEqual([a.id, b.id]);
      expect((await store.listJobs({ kind: 'webhook', target: 'h1', newestFirst: true })).map((j) => j.id)).toEqual([b.id, a.id]);
      expect((await store.listJobs({ kind: 'webhook', states: ['pending'] })).map((j) => j.payload)).toEqual([{ n: 2 }, { n: 3 }]);
      expect(await store.listJobs({ kind: 'relay', limit: 0 })).toHaveLength(1);
      // Each target's first pending job: a's successor b is h1's head once a is done.
      expect((await store.listJobs({ kind: 'webhook', states: ['pending'], firstPerTarget: true })).map((j) => j.payload)).toEqual([{ n: 2 }, { n: 3 }]);
      expect((await store.listJobs({ kind: 'webhook', firstPerTarget: true })).map((j) => j.payload)).toEqual([{ n: 1 }, { n: 3 }]);
      expect(await store.updateJob(9999, { state: 'failed', attempts: 1, nextAttemptAt: null, lastError: 'x', lastResult: null })).toBeNull();
      expect(await store.getJob(9999)).toBeNull();
    });

    it('prunes finished jobs of a target beyond the newest N, never pending ones', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.addJob({ kind: 'webhook', target: 'h1', messageId: `m${i}`, payload: i })).id);
      for (const id of ids.slice(0, 4)) await store.updateJob(id, { state: 'delivered', attempts: 1, nextAttemptAt: null, lastError: null, lastResult: 'HTTP 200' });
      expect(await store.pruneJobs('webhook', 'h1', 2)).toBe(2);
      expect((await store.listJobs({ kind: 'webhook', target: 'h1' })).map((j) => j.id)).toEqual(ids.slice(2));
    });

    it('keeps jobs and webhooks across a restart; deleting a webhook deletes its jobs', async () => {
      const hook = { id: 'h1', url: 'http://127.0.0.1:9/hook', secret: 's3cret', inbox: '', query: 'subject:hello', created: new Date(t0) };
      await store.saveWebhook(hook);
      await store.saveWebhook({ ...hook, id: 'h2', created: new Date(t0 + 1) });
      await store.saveWebhook({ ...hook, url: 'http://127.0.0.1:9/changed' });
      const job = await store.addJob({ kind: 'webhook', target: 'h1', messageId: 'm1', payload: { body: '{}' } });
      await store.addJob({ kind: 'webhook', target: 'h2', messageId: 'm1', payload: { body: '{}' } });
      await store.close();
      store = await open();
      const hooks = await store.listWebhooks();
      expect(hooks.map((h) => [h.id, h.url])).toEqual([['h1', 'http://127.0.0.1:9/changed'], ['h2', 'http://127.0.0.1:9/hook']]);
      expect(hooks[0]).toMatchObject({ secret: 's3cret', query: 'subject:hello', inbox: '' });
      expect(hooks[0].created.getTime()).toBe(t0);
      expect((await store.getJob(job.id))?.payload).toEqual({ body: '{}' });
      expect(await store.deleteWebhook('h1')).toBe(true);
      expect(await store.deleteWebhook('h1')).toBe(false);
      expect(await store.listJobs({ kind: 'webhook' })).toHaveLength(1);
    });

    it('tells which of some IDs match a search', async () => {
      const a = await store.insert(buildMessage({ subject: 'Invoice ready' }));
      const b = await store.insert(buildMessage({ subject: 'Welcome aboard' }));
      expect(await store.matchingIds([a.id, b.id, 'unknown'], 'subject:invoice')).toEqual([a.id]);
      expect((await store.matchingIds([a.id, b.id], '')).sort()).toEqual([a.id, b.id].sort());
      expect(await store.matchingIds([], 'invoice')).toEqual([]);
    });
  });
}
