import type { EventBus } from '../../core/bus.js';
import type { MessageSummary } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/** What to wait for. */
export interface WaitOptions {
  /** Search the message must match ('' for any message). */
  query: string;
  /** A message stored at or after this time counts even if it came before the wait. */
  since?: Date;
  timeoutMs: number;
  /** Ends the wait early (the client went away). */
  signal?: AbortSignal;
}

/**
 * Waits on the bus for a new message matching a search — no polling: each `message.created`
 * is checked once. With `since`, a match already stored since then answers at once. Resolves
 * with the summary, or null when the time is up or the wait was aborted.
 */
export function waitForMessage(store: Store, bus: EventBus, options: WaitOptions): Promise<MessageSummary | null> {
  const query = options.query.trim();
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (value: MessageSummary | null, err?: unknown) => {
      if (done) return;
      done = true;
      stop();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value);
    };
    const onAbort = () => finish(null);
    const matches = async (summary: MessageSummary) => !query || (await store.matchingIds([summary.id], query)).length > 0;
    // Subscribed before looking at what is stored, so a message arriving in between is not missed.
    const stop = bus.on('message.created', ({ summary }) => {
      matches(summary).then((ok) => ok && finish(summary), (err: unknown) => finish(null, err));
    });
    const timer = setTimeout(() => finish(null), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) return finish(null);
    if (options.since) {
      const since = options.since;
      store.list({ search: query || undefined, limit: 1 }).then(
        (page) => {
          const newest = page.messages[0];
          if (newest && newest.created.getTime() >= since.getTime()) finish(newest);
        },
        (err: unknown) => finish(null, err),
      );
    }
  });
}
