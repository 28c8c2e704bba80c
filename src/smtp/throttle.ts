/** How often a throttled session releases the bytes it may read. */
const TICK_MS = 50;
/** Credit an idle link may save up: a tenth of a second of its rate, so a pause does not buy a burst. */
const MAX_CREDIT_SECONDS = 0.1;

/**
 * Paces a session's input to a byte rate, as a slow link would: chunks wait in a backlog and are
 * released in slices on a timer. The session stops reading the socket while the backlog is large,
 * so the client's own writes slow down too (TCP backpressure).
 */
export class InputThrottle {
  private backlog: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private credit = 0;
  private last = performance.now();
  /** Bytes waiting to be released. */
  pending = 0;

  constructor(
    private bytesPerSecond: number,
    private readonly release: (chunk: Buffer) => void,
  ) {}

  /** The current rate. */
  get rate(): number {
    return this.bytesPerSecond;
  }

  /** Changes the rate; the backlog keeps its order. */
  setRate(bytesPerSecond: number): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Queues bytes read from the socket. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.backlog.push(chunk);
    this.pending += chunk.length;
    if (this.timer === null) {
      this.refill();
      this.timer = setTimeout(this.tick, TICK_MS);
    }
  }

  /** Stops the timer and hands over the backlog, in order (the throttle is lifted). */
  drain(): Buffer[] {
    const backlog = this.backlog;
    this.clear();
    return backlog;
  }

  /** Drops the backlog and stops the timer (the session closed or changed to TLS). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.backlog = [];
    this.pending = 0;
  }

  private refill(): void {
    const now = performance.now();
    const cap = Math.max(1, this.bytesPerSecond * MAX_CREDIT_SECONDS);
    this.credit = Math.min(this.credit + ((now - this.last) * this.bytesPerSecond) / 1000, cap);
    this.last = now;
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.refill();
    let allowed = Math.floor(this.credit);
    while (allowed > 0 && this.backlog.length > 0) {
      const first = this.backlog[0];
      const n = Math.min(allowed, first.length);
      if (n === first.length) this.backlog.shift();
      else this.backlog[0] = first.subarray(n);
      allowed -= n;
      this.credit -= n;
      this.pending -= n;
      this.release(n === first.length ? first : first.subarray(0, n));
    }
    if (this.backlog.length > 0 && this.timer === null) this.timer = setTimeout(this.tick, TICK_MS);
  };
}
