import { describe, expect, it } from 'vitest';
import { EventBus } from '../core/bus.js';
import { CheckResultCache } from './result-cache.js';

describe('CheckResultCache', () => {
  it('computes once per message, check and variant, sharing a computation in flight', async () => {
    const cache = new CheckResultCache();
    let runs = 0;
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([cache.get('m1', 'lint', '', compute), cache.get('m1', 'lint', '', compute)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await cache.get('m1', 'lint', 'other', compute)).toBe(2);
    expect(await cache.get('m2', 'lint', '', compute)).toBe(3);
    expect(await cache.get('m1', 'lint', '', compute)).toBe(1);
  });

  it('does not keep a failure', async () => {
    const cache = new CheckResultCache();
    await expect(cache.get('m1', 'spam', '', async () => { throw new Error('down'); })).rejects.toThrow('down');
    expect(await cache.get('m1', 'spam', '', async () => 'ok')).toBe('ok');
  });

  it('evicts the least recently used entry when full', async () => {
    const cache = new CheckResultCache({ maxEntries: 2 });
    await cache.get('a', 'c', '', async () => 'a1');
    await cache.get('b', 'c', '', async () => 'b1');
    await cache.get('a', 'c', '', async () => 'unused'); // a is now the most recent
    await cache.get('c', 'c', '', async () => 'c1');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', 'c', '', async () => 'a2')).toBe('a1');
    expect(await cache.get('b', 'c', '', async () => 'b2')).toBe('b2');
  });

  it('forgets the results of deleted, pruned and truncated messages', async () => {
    const bus = new EventBus();
    const cache = new CheckResultCache();
    const stop = cache.followDeletions(bus);
    await cache.get('m1', 'c', '', async () => 1);
    await cache.get('m2', 'c', '', async () => 2);
    await cache.get('m3', 'c', '', async () => 3);
    bus.publish('message.deleted', { ids: ['m1'] });
    bus.publish('messages.pruned', { ids: ['m2'] });
    expect(cache.size).toBe(1);
    bus.publish('messages.truncated', {});
    expect(cache.size).toBe(0);
    stop();
    await cache.get('m4', 'c', '', async () => 4);
    bus.publish('messages.truncated', {});
    expect(cache.size).toBe(1);
  });
});
