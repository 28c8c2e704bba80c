import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { SearchBacklog, type SearchRow, type SearchBacklogOptions } from './search-backlog.js';

const row = (seq: number, body = `text of ${seq}`): SearchRow => ({ seq, subject: '', from: '', to: '', cc: '', bcc: '', replyTo: '', body });

/** A backlog whose writes are recorded (as lists of seqs); `fail` makes the next writes throw. */
function recording(options: Partial<SearchBacklogOptions> = {}) {
  const writes: number[][] = [];
  let failures = 0;
  const backlog = new SearchBacklog({
    write: (rows) => {
      if (failures > 0) {
        failures--;
        throw new Error('disk full');
      }
      writes.push(rows.map((r) => r.seq));
    },
    commitsWaiting: () => false,
    logger: silentLogger(),
    idleMs: 60_000,
    ...options,
  });
  return { backlog, writes, fail: (n: number) => (failures = n) };
}

describe('SearchBacklog', () => {
  it('holds rows until a search needs them, then writes them together', async () => {
    const { backlog, writes } = recording();
    backlog.add([row(1), row(2)]);
    backlog.add([row(3)]);
    await sleep(20);
    expect(writes).toEqual([]);
    expect(backlog.pending).toBe(3);
    await backlog.drain();
    expect(writes).toEqual([[1, 2, 3]]);
    expect(backlog.pending).toBe(0);
  });

  it('writes on its own once rows stop arriving for idleMs', async () => {
    const { backlog, writes } = recording({ idleMs: 30 });
    backlog.add([row(1)]);
    await sleep(10);
    backlog.add([row(2)]); // a new row restarts the wait
    await sleep(20);
    expect(writes).toEqual([]);
    await sleep(60);
    expect(writes).toEqual([[1, 2]]);
  });

  it('writes at once past maxRows or maxChars, in chunks of chunkRows', async () => {
    const { backlog, writes } = recording({ maxRows: 5, chunkRows: 2 });
    backlog.add([row(1), row(2), row(3), row(4)]);
    await sleep(10);
    expect(writes).toEqual([]);
    backlog.add([row(5)]);
    await sleep(10);
    expect(writes).toEqual([[1, 2], [3, 4], [5]]);

    const big = recording({ maxChars: 100 });
    big.backlog.add([row(1, 'x'.repeat(60))]);
    await sleep(10);
    expect(big.writes).toEqual([]);
    big.backlog.add([row(2, 'y'.repeat(60))]);
    await sleep(10);
    expect(big.writes).toEqual([[1, 2]]);
  });

  it('a drain waits for the rows queued before it, not for later ones', async () => {
    let waitedOnce = false;
    const writes: number[][] = [];
    const backlog = new SearchBacklog({
      write: (rows) => writes.push(rows.map((r) => r.seq)),
      // The first chunk waits a turn for a "commit": a row added meanwhile is not part of it.
      commitsWaiting: () => !waitedOnce && (waitedOnce = true),
      logger: silentLogger(),
      idleMs: 60_000,
    });
    backlog.add([row(1)]);
    const first = backlog.drain();
    backlog.add([row(2)]);
    await first;
    expect(writes).toEqual([[1]]);
    expect(backlog.pending).toBe(1);
  });

  it('retries a failed write, and gives up after three attempts, failing the searches waiting', async () => {
    const once = recording();
    once.backlog.add([row(1)]);
    once.fail(1);
    await once.backlog.drain();
    expect(once.writes).toEqual([[1]]);

    const always = recording();
    always.backlog.add([row(1)]);
    always.fail(3);
    await expect(always.backlog.drain()).rejects.toMatchObject({ code: 'storage_failed' });
    expect(always.backlog.pending).toBe(0);
    always.backlog.add([row(2)]); // later rows are written as usual
    await always.backlog.drain();
    expect(always.writes).toEqual([[2]]);
  });

  it('stop drops the rows and fails the searches waiting', async () => {
    const writes: number[][] = [];
    const backlog = new SearchBacklog({
      write: (rows) => writes.push(rows.map((r) => r.seq)),
      commitsWaiting: () => true, // the write waits a turn: stop comes first
      logger: silentLogger(),
      idleMs: 60_000,
    });
    backlog.add([row(1)]);
    const waiting = backlog.drain();
    backlog.stop();
    await expect(waiting).rejects.toMatchObject({ code: 'unavailable' });
    await sleep(5);
    expect(writes).toEqual([]);
    await expect(backlog.drain()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
