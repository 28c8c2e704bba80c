import { randomBytes } from 'node:crypto';
import type { RelayConfig, RelayServer } from '../config/types.js';
import type { EventBus } from '../core/bus.js';
import { DevmailError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { JobRunner, type AttemptOutcome } from '../outbox/job-runner.js';
import type { Job, JobState, Store } from '../store/store.js';
import { startAutoRelease } from './auto-release.js';
import { prepareRelease } from './prepare-release.js';
import { checkRecipients } from './recipient-policy.js';
import { sendToRelay } from './smtp-send.js';

/** What a relay job carries: the recipients. The message is read from the store at each attempt. */
export interface RelayPayload {
  to: string[];
}

/** What made a relay job: a person's release, an automatic rule, or forwarding. */
export type RelayOrigin = 'release' | 'rule' | 'forward';

/** What the relay needs from the rest of devmail. */
export interface RelayDeps {
  config: RelayConfig;
  store: Store;
  bus: EventBus;
  logger: Logger;
  /** devmail's host name, for new Message-IDs. */
  hostname: string;
  now?: () => Date;
}

/** Release, the relay queue and the automatic rules. */
export interface RelayService {
  /** Whether a relay server is configured (release is off without one). */
  readonly enabled: boolean;
  readonly config: RelayConfig;
  /**
   * Releases a stored message to `to` through the relay server: checks the recipients
   * (bad_request with Mailpit's messages), queues the job and makes the first attempt. The job
   * after it says whether it was delivered, failed for good, or waits for a retry.
   */
  release(messageId: string, to: string[], origin?: RelayOrigin): Promise<Job>;
  /** Sends a stored message once to a server the caller names (MailHog's release), without queueing. */
  sendOnce(server: RelayServer, messageId: string, to: string[]): Promise<AttemptOutcome>;
  /** The relay queue, newest first. */
  jobs(states?: JobState[], limit?: number): Promise<Job[]>;
  /** One relay job, or null. */
  job(id: number): Promise<Job | null>;
  /** Makes a pending or failed job due now; null when there is no such relay job. */
  retry(id: number): Promise<Job | null>;
  /** Stops the rules and the runner, waiting for attempts in flight. */
  close(): Promise<void>;
}

/** Starts the relay: its queue runner (resuming jobs left from before a restart) and its rules. */
export function startRelay(deps: RelayDeps): RelayService {
  const { config, store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const server = config.server;
  // Names this run's relayed copies (X-Devmail-Relayed-By), so the rules skip one that comes back.
  const mark = randomBytes(9).toString('base64url');

  const prepare = async (messageId: string) => {
    const stored = await store.get(messageId);
    if (!stored) return null;
    return prepareRelease(stored.raw, {
      returnPath: config.returnPath,
      overrideFrom: config.overrideFrom,
      preserveMessageIds: config.preserveMessageIds,
      hostname: deps.hostname,
      now: now(),
      mark,
    });
  };

  const runner = new JobRunner({
    store,
    kind: 'relay',
    logger,
    retry: config.retry,
    ordered: false,
    concurrency: 4,
    async deliver(job) {
      if (!server) return { ok: false, error: 'no relay server is configured', permanent: true };
      const prepared = await prepare(job.messageId);
      if (!prepared) return { ok: false, error: 'the message is no longer stored', permanent: true };
      const { to } = job.payload as RelayPayload;
      return sendToRelay(server, { mailFrom: prepared.mailFrom, to, raw: prepared.raw });
    },
  });
  if (server) runner.wake();
  const stopRules = server ? startAutoRelease({ config, store, bus: deps.bus, logger, runner, mark }) : async () => {};

  return {
    enabled: server !== null,
    config,
    async release(messageId, to, origin = 'release') {
      if (!server) throw new DevmailError('bad_request', 'message relay is not configured (see --smtp-relay-host or --smtp-relay-config)');
      const recipients = checkRecipients(to, config);
      const payload: RelayPayload = { to: recipients };
      return runner.addAndAttempt({ kind: 'relay', target: origin, messageId, payload });
    },
    async sendOnce(target, messageId, to) {
      const recipients = checkRecipients(to, config);
      const prepared = await prepare(messageId);
      if (!prepared) throw new DevmailError('not_found', 'message not found');
      return sendToRelay(target, { mailFrom: prepared.mailFrom, to: recipients, raw: prepared.raw });
    },
    jobs(states, limit = 100) {
      return store.listJobs({ kind: 'relay', states, limit, newestFirst: true });
    },
    async job(id) {
      const job = await store.getJob(id);
      return job?.kind === 'relay' ? job : null;
    },
    retry(id) {
      return runner.retryNow(id);
    },
    async close() {
      await stopRules();
      await runner.close();
    },
  };
}
