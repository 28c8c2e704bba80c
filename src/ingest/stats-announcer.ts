import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';

/**
 * Publishes `stats.changed` after anything that changes the totals — captures, read state,
 * deletes, retention, truncation — whoever published the change. One store read per burst
 * of events (a turn of the event loop), in event order. Returns the function that stops it,
 * which waits for a read in flight so the store can close after it.
 */
export function startStatsAnnouncer(deps: { store: Store; bus: EventBus; logger: Logger }): () => Promise<void> {
  const { store, bus, logger } = deps;
  let scheduled = false;
  let stopped = false;
  let lastRead: Promise<void> = Promise.resolve();
  const publish = () => {
    scheduled = false;
    if (stopped) return;
    lastRead = store.stats().then(
      (stats) => bus.publish('stats.changed', stats),
      (err: unknown) => logger.warn({ err }, 'could not read the totals after a change'),
    );
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(publish);
  };
  const unsubscribe = [
    bus.on('message.created', schedule),
    bus.on('message.updated', schedule),
    bus.on('message.deleted', schedule),
    bus.on('messages.pruned', schedule),
    bus.on('messages.truncated', schedule),
  ];
  return async () => {
    stopped = true;
    for (const off of unsubscribe) off();
    await lastRead;
  };
}
