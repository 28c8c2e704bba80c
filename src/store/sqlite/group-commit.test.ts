import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

class ItemError extends Error {}

function recorder(fail?: (items: number[]) => Error | null, maxGroupSize?: number, splitAt?: number) {
  const groups: number[][] = [];
  const commit = new GroupCommit<number, string>({
    writeGroup: (items) => {
      groups.push(items);
      const err = fail?.(items);
      if (err) throw err;
      return items.map((n) => `ok ${n}`);
    },
    isItemError: (err) => err instanceof ItemError,
    toError: (err) => new Error(`wrapped: ${(err as Error).message}`),
    maxGroupSize,
    splitAt,
  });
  return { commit, groups };
}

describe('GroupCommit', () => {
  it('writes everything submitted in one turn as one group, then resolves each in order', async () => {
    const { commit, groups } = recorder();
    const results = await Promise.all([1, 2, 3].map((n) => commit.submit(n)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('starts a new group for what is submitted after a flush', async () => {
    const { commit, groups } = recorder();
    await commit.submit(1);
    await Promise.all([commit.submit(2), commit.submit(3)]);
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('fails every item of a group when the database fails, without retrying', async () => {
    const { commit, groups } = recorder(() => new Error('disk I/O error'));
    const results = await Promise.allSettled([commit.submit(1), commit.submit(2)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual([
      'wrapped: disk I/O error',
      'wrapped: disk I/O error',
    ]);
    expect(groups).toEqual([[1, 2]]);
  });

  it('retries items one by one when one item broke the group, failing only that one', async () => {
    const { commit, groups } = recorder((items) => (items.includes(2) ? new ItemError('bad item') : null));
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('splits a burst larger than the group limit into groups written in successive turns', async () => {
    const { commit, groups } = recorder(undefined, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => commit.submit(n)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5']);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('writes a large queue as two commits, answering the first half before the second is written', async () => {
    const { commit, groups } = recorder(undefined, undefined, 4);
    const events: string[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        commit.submit(n).then((r) => {
          events.push(`${r} after ${groups.length} commits`);
          return r;
        }),
      ),
    );
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5']);
    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
    expect(events).toEqual(['ok 1 after 1 commits', 'ok 2 after 1 commits', 'ok 3 after 1 commits', 'ok 4 after 2 commits', 'ok 5 after 2 commits']);
    // Below the threshold, or with splitting off, one group.
    const small = recorder(undefined, undefined, 4);
    await Promise.all([1, 2, 3].map((n) => small.commit.submit(n)));
    const off = recorder(undefined, undefined, 0);
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => off.commit.submit(n)));
    expect([small.groups, off.groups]).toEqual([[[1, 2, 3]], [[1, 2, 3, 4, 5, 6, 7, 8, 9]]]);
  });

  it('splits at 8 queued by default', async () => {
    const { commit, groups } = recorder();
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => commit.submit(n)));
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => commit.submit(n)));
    expect(groups).toEqual([[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4], [5, 6, 7, 8]]);
  });

  it('writes everything queued at once when flushed for close', async () => {
    const { commit, groups } = recorder(undefined, 2);
    const pending = [1, 2, 3].map((n) => commit.submit(n));
    commit.flushAll();
    expect(groups).toEqual([[1, 2], [3]]);
    expect(await Promise.all(pending)).toEqual(['ok 1', 'ok 2', 'ok 3']);
  });

  it('writes what is queued at once when flushed', async () => {
    const { commit, groups } = recorder();
    const pending = commit.submit(7);
    expect(commit.pending).toBe(1);
    commit.flush();
    expect(groups).toEqual([[7]]);
    expect(await pending).toBe('ok 7');
  });
});
