import type { EventBus } from '../../core/bus.js';
import { DevmailError } from '../../core/errors.js';
import type { MessageSummary } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/**
 * Where a wait starts: only messages stored after this one (by list order) or after this
 * instant count. Without a cursor every stored message counts, so a test that sent its mail
 * before it started waiting still finds it.
 */
export type WaitCursor = { kind: 'id'; id: string; created: Date } | { kind: 'time'; at: Date };

/** What a waiter waits for: the newest message matching `search` (blank: any) after `after`. */
export interface WaitRequest {
  search?: string;
  tz?: string;
  after?: WaitCursor;
}

interface Waiter {
  key: string;
  request: WaitRequest;
  resolve(summary: MessageSummary | null): void;
  reject(err: unknown): void;
}

/**
 * How many messages stored in the same millisecond as an ID cursor are walked to tell which of
 * them came after it. Bounded so a burst cannot turn one check into a scan.
 */
const SAME_MS_WALK_LIMIT = 500;

/**
 * Server-side long-polls for `GET /api/v1/wait`. Waiters cost a map entry and a timer each:
 * one bus subscription serves them all, and after a burst of `message.created` events one
 * search per distinct (query, tz, cursor) is run, however many waiters share it.
 */
export class MessageWaiters {
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;
  private sweepScheduled = false;
  private sweeping = false;
  private sweepAgain = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    bus: EventBus,
  ) {
    this.unsubscribe = bus.on('message.created', () => this.scheduleSweep());
  }

  /** Waiters currently parked. */
  get size(): number {
    return this.waiters.size;
  }

  /**
   * The newest message matching `request`, at once when one is stored, else the first one to
   * arrive within `timeoutMs`; null on timeout or when `signal` aborts (the client left).
   * Rejects for a bad search (`bad_request`) and after `close()` (`unavailable`).
   */
  async wait(request: WaitRequest, timeoutMs: number, signal?: AbortSignal): Promise<MessageSummary | null> {
    if (this.closed) throw new DevmailError('unavailable', 'shutting down');
    // Subscribed before the first look, so a message arriving in between is not missed.
    let settle: Waiter | undefined;
    const parked = new Promise<MessageSummary | null>((resolve, reject) => {
      settle = { key: waiterKey(request), request, resolve, reject };
    });
    const waiter = settle as Waiter;
    this.waiters.add(waiter);
    const timer = setTimeout(() => waiter.resolve(null), timeoutMs);
    const onAbort = () => waiter.resolve(null);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const found = await this.findMatch(request);
      if (found) return found;
      return await parked;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.waiters.delete(waiter);
    }
  }

  /** Answers every parked waiter with `unavailable` and stops listening (server shutdown). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const waiter of this.waiters) waiter.reject(new DevmailError('unavailable', 'shutting down'));
    this.waiters.clear();
  }

  /** The newest message matching the request's search, if it is after the request's cursor. */
  async findMatch(request: WaitRequest): Promise<MessageSummary | null> {
    const { messages } = await this.store.list({ search: request.search, tz: request.tz, limit: 1 });
    const newest = messages[0];
    if (!newest) return null;
    return (await this.isAfter(newest, request.after)) ? newest : null;
  }

  private async isAfter(summary: MessageSummary, cursor: WaitCursor | undefined): Promise<boolean> {
    if (!cursor) return true;
    const created = summary.created.getTime();
    if (cursor.kind === 'time') return created > cursor.at.getTime();
    if (summary.id === cursor.id) return false;
    const cursorCreated = cursor.created.getTime();
    if (created !== cursorCreated) return created > cursorCreated;
    // Same millisecond: the list's order (newest first) decides; the cursor being listed
    // below `summary` means `summary` came after it.
    const older = await this.store.list({ before: summary.id, limit: SAME_MS_WALK_LIMIT });
    return older.messages.some((m) => m.id === cursor.id);
  }

  private scheduleSweep(): void {
    if (this.waiters.size === 0 || this.sweepScheduled) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweepScheduled = true;
    // One sweep per burst of events (a group commit announces many messages in one turn).
    setImmediate(() => {
      this.sweepScheduled = false;
      void this.sweep();
    });
  }

  private async sweep(): Promise<void> {
    this.sweeping = true;
    try {
      const groups = new Map<string, Waiter[]>();
      for (const waiter of this.waiters) {
        const group = groups.get(waiter.key);
        if (group) group.push(waiter);
        else groups.set(waiter.key, [waiter]);
      }
      for (const group of groups.values()) {
        let found: MessageSummary | null;
        try {
          found = await this.findMatch(group[0].request);
        } catch (err) {
          for (const waiter of group) waiter.reject(err);
          continue;
        }
        if (found) for (const waiter of group) waiter.resolve(found);
      }
    } finally {
      this.sweeping = false;
      if (this.sweepAgain) {
        this.sweepAgain = false;
        this.scheduleSweep();
      }
    }
  }
}

function waiterKey({ search = '', tz = '', after }: WaitRequest): string {
  const cursor = !after ? '' : after.kind === 'id' ? `id:${after.id}` : `at:${after.at.getTime()}`;
  return JSON.stringify([search, tz, cursor]);
}
