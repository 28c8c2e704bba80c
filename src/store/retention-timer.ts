import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { RetentionPolicy, Store } from './store.js';

/** How often retention runs; pruning is cheap when nothing is due. */
const RETENTION_INTERVAL_MS = 60_000;

/**
 * Prunes in the background (at start, then every minute) and announces what went as
 * `messages.pruned`. Returns the function that stops it. Does nothing when both limits are 0.
 */
export function startRetention(deps: { store: Store; bus: EventBus; policy: RetentionPolicy; logger: Logger; intervalMs?: number }): () => void {
  const { store, bus, policy, logger } = deps;
  if (policy.maxMessages === 0 && policy.maxAgeMs === 0) return () => {};
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= store
      .prune(policy)
      .then((ids) => {
        if (ids.length === 0) return;
        logger.info({ pruned: ids.length }, 'retention pruned old messages');
        bus.publish('messages.pruned', { ids });
      })
      .catch((err: unknown) => logger.error({ err }, 'retention failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, deps.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();
  setImmediate(run);
  return () => clearInterval(timer);
}
