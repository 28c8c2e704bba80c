import type { RetryPolicy } from '../config/types.js';
import type { Logger } from '../core/logger.js';
import type { Job, JobKind, NewJob, Store } from '../store/store.js';

/** What one delivery attempt came to. A `permanent` failure is not retried. */
export type AttemptOutcome =
  | { ok: true; result: string }
  | { ok: false; error: string; permanent?: boolean; result?: string };

/** How a runner delivers one kind of job. */
export interface JobRunnerOptions {
  store: Store;
  kind: JobKind;
  logger: Logger;
  retry: RetryPolicy;
  /** Makes one attempt. A throw counts as a temporary failure with its message. */
  deliver(job: Job): Promise<AttemptOutcome>;
  /** Deliver each target's jobs one at a time, in the order they were added (webhooks). */
  ordered: boolean;
  /** Attempts in flight at once, over all targets. */
  concurrency?: number;
  /** Called after each attempt is recorded (to trim a log, to announce). */
  afterAttempt?(job: Job): void;
  now?: () => number;
}

/** Pending jobs read per pass; more wait for the next pass. */
const passSize = 500;

/** The wait before attempt `attempts + 1` after `attempts` failures: doubling, capped. */
export function retryDelayMs(attempts: number, retry: RetryPolicy): number {
  return Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the store's pending jobs of one kind, retrying failures with exponential backoff.
 * Everything it knows is in the store, so a restart picks up where it stopped: a job that was
 * in flight when the process died is simply attempted again. Never on the SMTP path: producers
 * only add rows and wake it.
 */
export class JobRunner {
  private readonly inFlight = new Map<number, Promise<Job | null>>();
  private readonly now: () => number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private passing = false;
  private passAgain = false;
  private closed = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.now = options.now ?? Date.now;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Looks for due jobs now (at start, and whenever something may have become due). */
  wake(): void {
    if (this.closed) return;
    if (this.passing) {
      this.passAgain = true;
      return;
    }
    this.passing = true;
    void this.pass()
      .catch((err: unknown) => {
        this.options.logger.error({ err, kind: this.options.kind }, 'could not read the outbox; trying again later');
        this.schedule(this.now() + this.options.retry.minDelayMs);
      })
      .finally(() => {
        this.passing = false;
        if (this.passAgain) {
          this.passAgain = false;
          this.wake();
        }
      });
  }

  /** Stores a job and wakes the runner to deliver it. */
  async add(job: NewJob): Promise<Job> {
    const stored = await this.options.store.addJob(job);
    this.wake();
    return stored;
  }

  /**
   * Stores a job and makes its first attempt at once, resolving with the job after it (for a
   * caller that wants the outcome, as the release route does). Later attempts are the runner's.
   */
  async addAndAttempt(job: NewJob): Promise<Job> {
    const stored = await this.options.store.addJob(job);
    return (await this.attempt(stored)) ?? stored;
  }

  /**
   * Makes a waiting or failed job due now (a person's "retry"). It keeps its attempt count and
   * last error, so a job that had used all its attempts gets one more.
   * Returns the job as stored, or null when there is no such job of this kind.
   */
  async retryNow(id: number): Promise<Job | null> {
    const job = await this.options.store.getJob(id);
    if (!job || job.kind !== this.options.kind) return null;
    if (job.state === 'delivered' || this.inFlight.has(id)) return job;
    const updated = await this.options.store.updateJob(id, { state: 'pending', attempts: job.attempts, nextAttemptAt: this.now(), lastError: job.lastError, lastResult: job.lastResult });
    this.wake();
    return updated;
  }

  /** Stops scheduling and waits for the attempts in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async pass(): Promise<void> {
    const { store, kind, ordered } = this.options;
    // Ordered: only each target's first pending job can be attempted, so only those are read
    // (a long backlog of one hook cannot hide another hook's head).
    const pending = await store.listJobs({ kind, states: ['pending'], limit: passSize, firstPerTarget: ordered });
    const now = this.now();
    let nextDue = Infinity;
    for (const job of pending) {
      if (this.inFlight.has(job.id)) continue;
      const due = job.nextAttemptAt ?? now;
      if (due > now) nextDue = Math.min(nextDue, due);
      else if (this.inFlight.size < this.concurrency) void this.attempt(job);
      else nextDue = Math.min(nextDue, now + 50); // busy: look again shortly
    }
    if (pending.length === passSize) nextDue = Math.min(nextDue, now + 1000);
    if (nextDue < Infinity) this.schedule(nextDue);
  }

  private schedule(at: number): void {
    if (this.closed || (this.timer && this.timerAt <= at)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.wake();
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }

  /** One attempt: deliver, then record the outcome (delivered, retry later, or failed). */
  private attempt(job: Job): Promise<Job | null> {
    const running = this.inFlight.get(job.id);
    if (running) return running;
    const attempt = this.runAttempt(job).catch((err: unknown) => {
      // The outcome could not be recorded (the store is closing or failing): the job stays
      // pending in the store and is attempted again on the next pass or start.
      this.options.logger.error({ err, kind: job.kind, job: job.id }, 'could not record a delivery attempt');
      return null;
    }).finally(() => {
      this.inFlight.delete(job.id);
      this.wake();
    });
    this.inFlight.set(job.id, attempt);
    return attempt;
  }

  private async runAttempt(job: Job): Promise<Job | null> {
    const { store, retry, logger } = this.options;
    let outcome: AttemptOutcome;
    try {
      outcome = await this.options.deliver(job);
    } catch (err) {
      outcome = { ok: false, error: (err as Error).message || String(err) };
    }
    const attempts = job.attempts + 1;
    const log = { kind: job.kind, job: job.id, target: job.target, message: job.messageId, attempts };
    let updated: Job | null;
    if (outcome.ok) {
      updated = await store.updateJob(job.id, { state: 'delivered', attempts, nextAttemptAt: null, lastError: job.lastError, lastResult: outcome.result });
      logger.debug({ ...log, result: outcome.result }, 'delivered');
    } else {
      const giveUp = outcome.permanent === true || attempts >= retry.maxAttempts;
      const nextAttemptAt = giveUp ? null : this.now() + retryDelayMs(attempts, retry);
      updated = await store.updateJob(job.id, {
        state: giveUp ? 'failed' : 'pending',
        attempts,
        nextAttemptAt,
        lastError: outcome.error,
        lastResult: outcome.result ?? null,
      });
      logger.warn({ ...log, error: outcome.error, retryAt: nextAttemptAt && new Date(nextAttemptAt).toISOString() }, giveUp ? 'delivery failed; giving up' : 'delivery failed; will retry');
    }
    if (updated) this.options.afterAttempt?.(updated);
    return updated;
  }
}
