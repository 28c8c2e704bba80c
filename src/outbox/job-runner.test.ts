import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.js';
import { indexTestMessage } from '../store/contract-fixtures.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Job, Store } from '../store/store.js';
import { JobRunner, retryDelayMs, type AttemptOutcome, type JobRunnerOptions } from './job-runner.js';

const retry = { minDelayMs: 20, maxDelayMs: 80, maxAttempts: 4 };

/** Polls `check` until it holds (bounded), for outcomes the runner reaches on its own timers. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 200 && !check(value); i++) {
    await sleep(25);
    value = await read();
  }
  return value;
}

describe('JobRunner', () => {
  let dir: string;
  let store: Store;
  const runners: JobRunner[] = [];
  const start = (deliver: (job: Job) => Promise<AttemptOutcome>, options: Partial<JobRunnerOptions> = {}) => {
    const runner = new JobRunner({ store, kind: 'webhook', logger: silentLogger(), retry, deliver, ordered: true, ...options });
    runners.push(runner);
    runner.wake();
    return runner;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-runner-'));
    store = await openSqliteStore({ path: join(dir, 'db'), indexer: indexTestMessage });
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('doubles the wait after each failure, up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, retry))).toEqual([20, 40, 80, 80, 80]);
  });

  it('retries a failing job with backoff until it is delivered, and records each outcome', async () => {
    let calls = 0;
    const runner = start(async () => (++calls <= 2 ? { ok: false, error: `HTTP 500 (call ${calls})` } : { ok: true, result: 'HTTP 200' }));
    const job = await runner.add({ kind: 'webhook', target: 'h1', messageId: 'm1', payload: {} });
    const done = await eventually(() => store.getJob(job.id), (j) => j?.state === 'delivered');
    expect(done).toMatchObject({ state: 'delivered', attempts: 3, lastResult: 'HTTP 200', lastError: 'HTTP 500 (call 2)', nextAttemptAt: null });
  });

  it("delivers one target's jobs in order: a failing first job holds back the next", async () => {
    const seen: string[] = [];
    let failuresLeft = 2;
    const runner = start(async (job) => {
      seen.push(job.messageId);
      if (job.messageId === 'first' && failuresLeft-- > 0) return { ok: false, error: 'refused' };
      return { ok: true, result: 'ok' };
    });
    await runner.add({ kind: 'webhook', target: 'h1', messageId: 'first', payload: {} });
    await runner.add({ kind: 'webhook', target: 'h1', messageId: 'second', payload: {} });
    await eventually(() => store.listJobs({ kind: 'webhook', states: ['pending'] }), (jobs) => jobs.length === 0);
    expect(seen).toEqual(['first', 'first', 'first', 'second']);
  });

  it('marks a job failed after the last attempt, or at once on a permanent failure', async () => {
    const runner = start(async (job) => ({ ok: false, error: '550 no such user', permanent: job.messageId === 'permanent' }), { ordered: false });
    const permanent = await runner.add({ kind: 'webhook', target: 'a', messageId: 'permanent', payload: {} });
    const temporary = await runner.add({ kind: 'webhook', target: 'b', messageId: 'temporary', payload: {} });
    expect(await eventually(() => store.getJob(permanent.id), (j) => j?.state === 'failed')).toMatchObject({ attempts: 1 });
    expect(await eventually(() => store.getJob(temporary.id), (j) => j?.state === 'failed')).toMatchObject({ attempts: retry.maxAttempts });
  });

  it('makes the first attempt at once when asked, and picks up pending jobs when it starts again', async () => {
    const first = start(async () => ({ ok: false, error: 'connection refused' }), { retry: { ...retry, minDelayMs: 60_000, maxDelayMs: 60_000 } });
    const job = await first.addAndAttempt({ kind: 'webhook', target: 'h1', messageId: 'm1', payload: { n: 1 } });
    expect(job).toMatchObject({ state: 'pending', attempts: 1, lastError: 'connection refused' });
    await first.close();
    // As after a restart with the retry due: a new runner finds it in the store.
    await store.updateJob(job.id, { ...job, nextAttemptAt: Date.now() });
    start(async (j) => ({ ok: true, result: `delivered ${JSON.stringify(j.payload)}` }));
    expect(await eventually(() => store.getJob(job.id), (j) => j?.state === 'delivered')).toMatchObject({ attempts: 2, lastResult: 'delivered {"n":1}' });
  });
});
