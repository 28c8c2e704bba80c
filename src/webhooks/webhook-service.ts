import { randomBytes } from 'node:crypto';
import type { WebhookConfig } from '../config/types.js';
import type { EventBus } from '../core/bus.js';
import { DevmailError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MessageSummary } from '../core/types.js';
import { JobRunner, type AttemptOutcome } from '../outbox/job-runner.js';
import type { Job, Store, Webhook } from '../store/store.js';
import { RateLimit } from './rate-limit.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './signature.js';

/** The ID of the hook `--webhook-url` defines; it follows the flag at each start. */
export const FLAG_HOOK_ID = 'default';

/** What a delivery job carries: the exact body, so a retry posts the same bytes. */
export interface WebhookPayload {
  event: 'message.created';
  body: string;
}

/** A hook as a caller creates or changes it. */
export interface WebhookInput {
  url: string;
  secret?: string;
  inbox?: string;
  query?: string;
}

/** What the webhooks need from the rest of devmail. */
export interface WebhookDeps {
  config: WebhookConfig;
  store: Store;
  bus: EventBus;
  logger: Logger;
  /** The JSON body for a new message (Mailpit's message summary); injected so this module stays apart from the API. */
  toBody(summary: MessageSummary): unknown;
  /** Checks a filter query; throws bad_request for one that cannot be used. */
  checkQuery(query: string): void;
  /** User-Agent of the posts. */
  userAgent: string;
}

/** Delivery log entries kept per hook (newest); pending deliveries are always kept. */
const KEEP_DELIVERIES = 200;
/** How long one post may take before it counts as failed (and is retried). */
const POST_TIMEOUT_MS = 10_000;

/** Webhooks: definitions, the per-hook ordered delivery queue, and the log. */
export interface WebhookService {
  list(): Webhook[];
  get(id: string): Webhook | null;
  create(input: WebhookInput): Promise<Webhook>;
  update(id: string, input: Partial<WebhookInput>): Promise<Webhook>;
  remove(id: string): Promise<boolean>;
  /** A hook's deliveries, newest first. */
  deliveries(id: string, limit: number): Promise<Job[]>;
  close(): Promise<void>;
}

/**
 * Starts the webhooks: loads the hooks, follows `--webhook-url`, resumes pending deliveries,
 * and queues one signed JSON post per hook for each new message that passes its filters.
 */
export async function startWebhooks(deps: WebhookDeps): Promise<WebhookService> {
  const { config, store, bus, logger } = deps;
  const hooks = new Map((await store.listWebhooks()).map((h) => [h.id, h]));
  if (config.url) {
    const hook = { id: FLAG_HOOK_ID, url: config.url, secret: config.secret, inbox: '', query: '', created: hooks.get(FLAG_HOOK_ID)?.created ?? new Date() };
    await store.saveWebhook(hook);
    hooks.set(hook.id, hook);
  } else if (hooks.has(FLAG_HOOK_ID)) {
    await store.deleteWebhook(FLAG_HOOK_ID); // the flag is gone: so is its hook
    hooks.delete(FLAG_HOOK_ID);
  }

  const limit = new RateLimit(config.limitPerSecond);
  const runner = new JobRunner({
    store,
    kind: 'webhook',
    logger,
    retry: config.retry,
    ordered: true,
    deliver: async (job) => {
      const hook = hooks.get(job.target);
      if (!hook) return { ok: false, error: 'the webhook was deleted', permanent: true };
      await limit.take();
      return post(hook, job, deps.userAgent);
    },
    afterAttempt: (job) => {
      if (job.state !== 'pending') {
        void store.pruneJobs('webhook', job.target, KEEP_DELIVERIES).catch((err: unknown) => logger.warn({ err }, 'could not trim the delivery log'));
      }
    },
  });
  runner.wake();

  // One message at a time, in the order they were captured, so each hook's jobs are in that order.
  let chain = Promise.resolve();
  const enqueue = async (summary: MessageSummary) => {
    let body: string | null = null; // made once, and only when some hook wants the message
    for (const hook of hooks.values()) {
      if (hook.inbox && hook.inbox !== summary.inbox) continue;
      if (hook.query && (await store.matchingIds([summary.id], hook.query)).length === 0) continue;
      body ??= JSON.stringify(deps.toBody(summary));
      const payload: WebhookPayload = { event: 'message.created', body };
      await runner.add({ kind: 'webhook', target: hook.id, messageId: summary.id, payload });
    }
  };
  const stop = bus.on('message.created', ({ summary }) => {
    // With no hook (the usual case) a message costs nothing here: no body, no link in the chain.
    if (hooks.size === 0) return;
    chain = chain.then(() => enqueue(summary)).catch((err: unknown) => logger.error({ err, message: summary.id }, 'could not queue webhook deliveries'));
  });

  const validated = (input: WebhookInput): Required<WebhookInput> => {
    checkUrl(input.url);
    const query = (input.query ?? '').trim();
    if (query) deps.checkQuery(query);
    return { url: input.url, secret: input.secret ?? randomBytes(24).toString('base64url'), inbox: input.inbox ?? '', query };
  };

  return {
    list: () => [...hooks.values()],
    get: (id) => hooks.get(id) ?? null,
    async create(input) {
      const hook: Webhook = { id: randomBytes(8).toString('hex'), ...validated(input), created: new Date() };
      await store.saveWebhook(hook);
      hooks.set(hook.id, hook);
      return hook;
    },
    async update(id, input) {
      const current = hooks.get(id);
      if (!current) throw new DevmailError('not_found', 'webhook not found');
      const hook: Webhook = { ...current, ...validated({ ...current, ...input }) };
      await store.saveWebhook(hook);
      hooks.set(id, hook);
      return hook;
    },
    async remove(id) {
      hooks.delete(id);
      return store.deleteWebhook(id);
    },
    deliveries(id, max) {
      return store.listJobs({ kind: 'webhook', target: id, limit: max, newestFirst: true });
    },
    async close() {
      stop();
      await chain;
      await runner.close();
    },
  };
}

/** Posts one delivery; any 2xx is delivered, anything else is retried. */
async function post(hook: Webhook, job: Job, userAgent: string): Promise<AttemptOutcome> {
  const { body, event } = job.payload as WebhookPayload;
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': userAgent,
    'x-devmail-event': event,
    'x-devmail-delivery': String(job.id),
    'x-devmail-webhook': hook.id,
    [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
  };
  if (hook.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signWebhook(hook.secret, timestamp, body);
  try {
    // A redirect is not followed: the receiver is the URL the user configured, nothing else.
    const res = await fetch(hook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
    await res.body?.cancel();
    const result = `HTTP ${res.status}`;
    return res.status >= 200 && res.status < 300 ? { ok: true, result } : { ok: false, error: result, result };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

/** A hook URL must be http(s) with a host; webhooks are set by users, so loopback is allowed. */
export function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DevmailError('bad_request', `"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DevmailError('bad_request', 'a webhook URL must start with http:// or https://');
  if (parsed.username || parsed.password) throw new DevmailError('bad_request', 'a webhook URL may not hold credentials: use the secret to sign posts');
}
