/**
 * The store's outbox: deliveries that leave devmail (relays over SMTP, webhook posts), kept
 * durably so a failed one is retried after a restart, and webhook definitions.
 */

/** What a job does: relay a captured message over SMTP, or post an event to a webhook. */
export type JobKind = 'relay' | 'webhook';

/** `pending` waits for its next attempt; `delivered` and `failed` (attempts exhausted) are done. */
export type JobState = 'pending' | 'delivered' | 'failed';

/** A job as its producer hands it to the store. */
export interface NewJob {
  kind: JobKind;
  /** Who it goes to: a webhook's ID, or for relays what made it (`release`, `rule`, `forward`). */
  target: string;
  /** The captured message it concerns. */
  messageId: string;
  /** What the deliverer needs (recipients, the webhook body…): JSON-able data. */
  payload: unknown;
  /** When to make the first attempt (ms since the epoch); default now. */
  nextAttemptAt?: number;
}

/** A stored job with its delivery state. IDs increase in creation order. */
export interface Job {
  id: number;
  kind: JobKind;
  target: string;
  messageId: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  /** When the next attempt is due (ms), or null once done. */
  nextAttemptAt: number | null;
  /** Why the last attempt failed, or null. */
  lastError: string | null;
  /** What the other side answered last (an SMTP reply, `HTTP 200`), or null. */
  lastResult: string | null;
  created: Date;
  updated: Date;
}

/** The outcome of an attempt, written back to the job. */
export interface JobUpdate {
  state: JobState;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  lastResult: string | null;
}

/** Which jobs to list: one kind, optionally one target and some states; oldest first unless asked. */
export interface JobQuery {
  kind: JobKind;
  target?: string;
  states?: JobState[];
  /** Most rows returned; default 100, 0 means all. */
  limit?: number;
  newestFirst?: boolean;
  /** Only each target's first job (lowest ID) among those selected: the heads of ordered queues. */
  firstPerTarget?: boolean;
}

/** A webhook: where new messages are posted, which ones, and the secret that signs them. */
export interface Webhook {
  id: string;
  url: string;
  /** HMAC-SHA256 key for the signature header. */
  secret: string;
  /** Only messages of this inbox ('' for every inbox). */
  inbox: string;
  /** Only messages matching this search ('' for all). */
  query: string;
  created: Date;
}
