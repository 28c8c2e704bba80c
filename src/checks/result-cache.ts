import type { EventBus } from '../core/bus.js';

/**
 * Results of on-demand checks, kept per message so a second request is free. A computation in
 * flight is shared by every caller asking for the same key (one spamd call for ten clicks), a
 * failed one is not kept (the next request tries again), the oldest entries go first when the
 * cache is full, and a message's entries go when the message does (deleted, pruned, truncated).
 */
export class CheckResultCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private readonly keysByMessage = new Map<string, Set<string>>();
  private readonly maxEntries: number;

  constructor(opts: { maxEntries?: number } = {}) {
    this.maxEntries = opts.maxEntries ?? 2_000;
  }

  /**
   * The result of `check` for this message, computed once. `variant` tells apart results of
   * the same check with other options (e.g. `follow=true`, a screenshot width).
   */
  get<T>(messageId: string, check: string, variant: string, compute: () => Promise<T>): Promise<T> {
    const key = `${messageId}\u0000${check}\u0000${variant}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Refresh its place in the eviction order.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached as Promise<T>;
    }
    const pending = compute();
    this.entries.set(key, pending);
    let keys = this.keysByMessage.get(messageId);
    if (!keys) this.keysByMessage.set(messageId, (keys = new Set()));
    keys.add(key);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.remove(messageId, key);
    });
    this.evictOverflow();
    return pending;
  }

  /** Forgets every result of these messages. */
  forget(messageIds: Iterable<string>): void {
    for (const id of messageIds) {
      for (const key of this.keysByMessage.get(id) ?? []) this.entries.delete(key);
      this.keysByMessage.delete(id);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.keysByMessage.clear();
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops a message's results whenever the message itself goes; returns the unsubscriber. */
  followDeletions(bus: EventBus): () => void {
    const offs = [
      bus.on('message.deleted', ({ ids }) => this.forget(ids)),
      bus.on('messages.pruned', ({ ids }) => this.forget(ids)),
      bus.on('messages.truncated', () => this.clear()),
    ];
    return () => offs.forEach((off) => off());
  }

  private remove(messageId: string, key: string): void {
    this.entries.delete(key);
    const keys = this.keysByMessage.get(messageId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByMessage.delete(messageId);
  }

  private evictOverflow(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.remove(key.slice(0, key.indexOf('\u0000')), key);
    }
  }
}
