import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces calls to at most `perSecond` a second (0: no limit), as Mailpit's `--webhook-limit`:
 * each caller takes the next free slot and waits for it, so a burst of mail is posted at a
 * pace the receiver can take instead of all at once.
 */
export class RateLimit {
  private nextSlotMs = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the caller may go. */
  async take(): Promise<void> {
    if (this.perSecond <= 0) return;
    const now = this.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
  }
}
