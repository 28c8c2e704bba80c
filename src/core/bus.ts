import type { MessageSummary } from './types.js';

/** Counts shown with every change, as Mailpit's `stats` event carries them. */
export interface MailboxStats {
  total: number;
  unread: number;
}

/**
 * Every event devmail publishes, by name (`noun.verb`). Subscribers (live feed, webhooks,
 * relay rules, metrics) live beside what they feed; the store never calls them directly.
 */
export interface DevmailEvents {
  /** A message was captured and committed. */
  'message.created': { summary: MessageSummary };
  /** Read state or tags of messages changed. */
  'message.updated': { ids: string[]; read?: boolean; tags?: Record<string, string[]> };
  /** Messages were deleted by a user. */
  'message.deleted': { ids: string[] };
  /** Retention removed messages. */
  'messages.pruned': { ids: string[] };
  /** Every message was deleted. */
  'messages.truncated': Record<string, never>;
  /** Totals changed (sent after each of the above, debounced by the publisher). */
  'stats.changed': MailboxStats;
}

export type DevmailEventName = keyof DevmailEvents;
type Listener<K extends DevmailEventName> = (payload: DevmailEvents[K]) => void;

/** A typed, synchronous, in-process event bus. A throwing listener never breaks the others. */
export class EventBus {
  private readonly listeners = new Map<DevmailEventName, Set<Listener<never>>>();
  private readonly onListenerError: (err: unknown, event: DevmailEventName) => void;

  constructor(onListenerError: (err: unknown, event: DevmailEventName) => void = () => {}) {
    this.onListenerError = onListenerError;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends DevmailEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Whether anything listens to `event` now: a publisher may skip work that nobody would receive. */
  hasListeners(event: DevmailEventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  /** Delivers `payload` to every listener of `event`, in subscription order. */
  publish<K extends DevmailEventName>(event: K, payload: DevmailEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
