import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { SearchBacklog, type SearchRow, type SearchBacklogOptions } from './search-backlog.js';

const row = (seq: number, body = `text of ${seq}`): SearchRow => ({ seq, subject: '', from: '', to: '', cc: '', bcc: '', replyTo: '', body });
const seqOf = (r: SearchRow) => r.seq;

/**
 * A backlog whose writes are recorded (as lists of seqs, and the rows it had made from the
 * store in `made`); `fail` makes the next writes throw.
 */
function recording(options: Partial<SearchBacklogOptions> = {}) {
  const writes: number[][] = [];
  const made: number[] = [];
  let failures = 0;
  const backlog = new SearchBacklog({
    write: (rows) => {
      if (failures > 0) {
        failures--;
        throw new Error('disk full');
      }
      writes.push(rows.map(seqOf));
    },
    makeRow: (seq) => {
      made.push(seq);
      return row(seq, 'made from the store');
    },
    commitsWaiting: () => false,
    logger: silentLogger(),
    idleMs: 60_000,
    ...options,
  });
  return { backlog, writes, made, fail: (n: number) => (failures = n) };
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

  it('past maxRows writes the oldest chunk at once; past maxChars, every row; in chunks of chunkRows', async () => {
    const { backlog, writes } = recording({ maxRows: 5, chunkRows: 2 });
    backlog.add([row(1), row(2), row(3), row(4)]);
    await sleep(10);
    expect(writes).toEqual([]);
    backlog.add([row(5)]);
    await sleep(10);
    expect(writes).toEqual([[1, 2]]); // back under the bound; the rest waits
    expect(backlog.pending).toBe(3);
    backlog.add([row(6), row(7)]);
    await sleep(10);
    expect(writes).toEqual([[1, 2], [3, 4]]);
    await backlog.drain();
    expect(writes).toEqual([[1, 2], [3, 4], [5, 6], [7]]);

    const big = recording({ maxChars: 100 });
    big.backlog.add([row(1, 'x'.repeat(60))]);
    await sleep(10);
    expect(big.writes).toEqual([]);
    big.backlog.add([row(2, 'y'.repeat(60))]);
    await sleep(10);
    expect(big.writes).toEqual([[1, 2]]);
  });

  it('queues stored rows as their seq, makes them as it writes them, in order with rows given whole', async () => {
    const { backlog, writes, made } = recording({ maxChars: 100, maxRows: 6 });
    backlog.addStored([1, 2]);
    backlog.add([row(3, 'a row the full parse made')]);
    backlog.addStored([4]);
    await sleep(10);
    expect(writes).toEqual([]);
    expect(made).toEqual([]); // nothing is made before it is to be written
    expect(backlog.pending).toBe(4);
    await backlog.drain();
    expect(writes).toEqual([[1, 2, 3, 4]]);
    expect(made).toEqual([1, 2, 4]);

    // Stored rows hold no text: many wait without reaching maxChars, and count towards maxRows.
    backlog.addStored([5, 6, 7, 8, 9]);
    await sleep(10);
    expect(writes).toHaveLength(1);
    backlog.addStored([10]);
    await sleep(10);
    expect(writes.at(-1)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('leaves out a row it cannot make (message gone, or the store failing), and goes on', async () => {
    const writes: string[][] = [];
    const backlog = new SearchBacklog({
      write: (rows) => writes.push(rows.map((r) => r.body)),
      makeRow: (seq) => {
        if (seq === 2) return null; // deleted meanwhile
        if (seq === 3) throw new Error('disk read failed');
        return row(seq, `made ${seq}`);
      },
      commitsWaiting: () => false,
      logger: silentLogger(),
      idleMs: 60_000,
    });
    backlog.add([row(1, 'given')]);
    backlog.addStored([2, 3, 4]);
    await backlog.drain();
    expect(writes).toEqual([['given', 'made 4']]);
    expect(backlog.pending).toBe(0);
  });

  it('makes rows in slices of 32, letting other work in between', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    tick();
    const made: number[] = [];
    const backlog = new SearchBacklog({
      write: () => {},
      makeRow: (seq) => {
        made.push(turns);
        return row(seq);
      },
      commitsWaiting: () => false,
      logger: silentLogger(),
      idleMs: 60_000,
    });
    backlog.addStored(Array.from({ length: 96 }, (_, i) => i + 1));
    await backlog.drain();
    ticking = false;
    expect(made).toHaveLength(96);
    const sliceTurns = [0, 32, 64].map((i) => made[i]);
    for (let i = 0; i < 96; i++) expect(made[i]).toBe(sliceTurns[Math.floor(i / 32)]); // one slice, one turn
    expect(new Set(sliceTurns).size).toBe(3);
  });

  it('a drain waits for the rows queued before it, not for later ones', async () => {
    let waitedOnce = false;
    const writes: number[][] = [];
    const backlog = new SearchBacklog({
      write: (rows) => writes.push(rows.map(seqOf)),
      makeRow: (seq) => row(seq),
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
      write: (rows) => writes.push(rows.map(seqOf)),
      makeRow: (seq) => row(seq),
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
