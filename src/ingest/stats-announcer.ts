import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';

/**
 * Publishes `stats.changed` after anything that changes the totals — captures, read state,
 * deletes, retention, truncation — whoever published the change. One store read per burst
 * of events (a turn of the event loop), one at a time: changes made while a read is in flight
 * are read once it is back. Only while something listens to `stats.changed` (the live feed
 * does while it has clients): under a load with nobody watching, no read at all. Returns the
 * function that stops it, which waits for a read in flight so the store can close after it.
 */
export function startStatsAnnouncer(deps: { store: Store; bus: EventBus; logger: Logger }): () => Promise<void> {
  const { store, bus, logger } = deps;
  let due = false; // a change no read has covered yet
  let reading = false;
  let stopped = false;
  let lastRead: Promise<void> = Promise.resolve();
  const read = () => {
    if (stopped || reading || !due) return;
    due = false;
    reading = true;
    lastRead = store
      .stats()
      .then(
        (stats) => bus.publish('stats.changed', stats),
        (err: unknown) => logger.warn({ err }, 'could not read the totals after a change'),
      )
      .finally(() => {
        reading = false;
        if (due) setImmediate(read);
      });
  };
  const schedule = () => {
    if (due || stopped || !bus.hasListeners('stats.changed')) return;
    due = true;
    if (!reading) setImmediate(read); // else the read in flight schedules the next when it is back
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
