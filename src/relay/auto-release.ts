import type { RelayConfig } from '../config/types.js';
import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { MessageSummary } from '../core/types.js';
import type { JobRunner } from '../outbox/job-runner.js';
import type { Store } from '../store/store.js';
import { hasRelayMark } from './prepare-release.js';
import { permittedRecipients } from './recipient-policy.js';

/** What the rules need. */
export interface AutoReleaseDeps {
  config: RelayConfig;
  store: Store;
  bus: EventBus;
  logger: Logger;
  runner: JobRunner;
  /** This devmail's relay mark: a message carrying it is a copy devmail relayed itself. */
  mark: string;
}

/**
 * Queues relays for new messages by rule — every message (`--smtp-relay-all`), recipients that
 * match a pattern (`--smtp-relay-matching`), messages that match a search (`--smtp-relay-query`)
 * — and copies to fixed addresses (`--smtp-forward-to`). It runs after the message is stored
 * and announced, off the SMTP path: the sender's 250 never waits for a relay. A copy devmail
 * relayed itself that comes back (the relay server is devmail, or sends it back) is not relayed
 * again: that would go round for ever. A person may still release it. Returns the stop
 * function, which waits for rules still being applied.
 */
export function startAutoRelease({ config, store, bus, logger, runner, mark }: AutoReleaseDeps): () => Promise<void> {
  const active = config.relayAll || config.relayMatching !== null || config.relayQuery !== '' || config.forwardTo.length > 0;
  if (!active) return async () => {};
  const inFlight = new Set<Promise<void>>();

  const apply = async (summary: MessageSummary) => {
    const stored = await store.get(summary.id);
    if (!stored) return;
    if (hasRelayMark(stored.raw, mark)) {
      logger.warn({ message: summary.id }, 'not relaying a copy devmail relayed itself: the relay server sent it back here (a loop)');
      return;
    }
    const all = [...summary.to, ...summary.cc, ...summary.bcc].map((a) => a.address);
    let to: string[] = [];
    if (config.relayAll) to = all;
    else if (config.relayQuery && (await store.matchingIds([summary.id], config.relayQuery)).length > 0) to = all;
    else if (config.relayMatching) to = all.filter((address) => config.relayMatching?.test(address));
    to = permittedRecipients(to, config);
    if (to.length > 0) await runner.add({ kind: 'relay', target: 'rule', messageId: summary.id, payload: { to } });
    const forwardTo = permittedRecipients(config.forwardTo, config);
    if (forwardTo.length > 0) await runner.add({ kind: 'relay', target: 'forward', messageId: summary.id, payload: { to: forwardTo } });
  };

  const stop = bus.on('message.created', ({ summary }) => {
    const work = apply(summary)
      .catch((err: unknown) => logger.error({ err, message: summary.id }, 'could not queue the automatic relay'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  return async () => {
    stop();
    await Promise.allSettled([...inFlight]);
  };
}
