import { DevmailError } from '../../core/errors.js';

interface Waiter {
  ticket: number;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Read-your-writes for a queue written in order: each queued item takes the next ticket, items
 * are settled (written or given up) as a prefix, and `drain()` resolves once every item queued
 * before the call is settled — later items do not hold it up, so a steady stream of writes
 * never starves a reader.
 */
export class WriteTickets {
  private issued = 0; // item n has ticket n (1-based)
  private done = 0; // tickets settled, always a prefix
  private waiters: Waiter[] = [];
  private closed = false;

  /** Items queued and not yet settled. */
  get pending(): number {
    return this.issued - this.done;
  }

  /** The last ticket issued: items up to it are the ones queued so far. */
  get last(): number {
    return this.issued;
  }

  /** Tickets settled so far. */
  get settled(): number {
    return this.done;
  }

  /** Issues tickets to `count` newly queued items. */
  issue(count: number): void {
    this.issued += count;
  }

  /** Resolves once every item queued so far is settled; rejects once closed. */
  drain(): Promise<void> {
    if (this.done >= this.issued) return Promise.resolve();
    if (this.closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => this.waiters.push({ ticket: this.issued, resolve, reject }));
  }

  /** Marks `count` more items settled; wakes the readers now satisfied, or fails every reader. */
  settle(count: number, failure: Error | null = null): void {
    this.done += count;
    if (failure) {
      for (const w of this.waiters.splice(0)) w.reject(failure);
      return;
    }
    let n = 0;
    while (n < this.waiters.length && this.waiters[n].ticket <= this.done) n++;
    for (const w of this.waiters.splice(0, n)) w.resolve();
  }

  /** For good: the readers waiting now, and later ones, are told the store is closed. */
  close(): void {
    this.closed = true;
    const err = closedError();
    for (const w of this.waiters.splice(0)) w.reject(err);
  }
}

function closedError(): DevmailError {
  return new DevmailError('unavailable', 'the store is closed');
}
