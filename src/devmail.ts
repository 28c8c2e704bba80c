import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { buildHttpApp } from './api/index.js';
import { ChaosControl, defaultJim, withChaos } from './chaos/index.js';
import { CheckResultCache, createEngineChecks } from './checks/index.js';
import type { Config } from './config/index.js';
import { EventBus } from './core/bus.js';
import { createLogger, type Logger } from './core/logger.js';
import { createIngest, DEFAULT_INBOX, startStatsAnnouncer, type Ingest } from './ingest/index.js';
import type * as mime from './mime/index-pool.js';
import { SessionLog, startSmtpServer } from './smtp/index.js';
import { startRelay, type RelayService } from './relay/index.js';
import { openStore, parseSearch, type Store } from './store/index.js';
import { startWebhooks, type WebhookService } from './webhooks/index.js';
import { toMailpitSummary } from './api/mapping/mailpit.js';
import { DevmailError } from './core/errors.js';
import { startRetention } from './store/retention-timer.js';

/** devmail's version, from package.json. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** A running devmail: its listeners and the pieces tests and the CLI may reach. */
export interface RunningDevmail {
  config: Config;
  urls: {
    /** Base URL of the API and UI, with the webroot, e.g. `http://127.0.0.1:8025/`. */
    http: string;
    smtp: { host: string; port: number };
    smtps: { host: string; port: number } | null;
  };
  store: Store;
  bus: EventBus;
  ingest: Ingest;
  logger: Logger;
  /** Failure injection: the rules, Mailpit's triggers and Jim. */
  chaos: ChaosControl;
  /** The transcripts of the last SMTP sessions. */
  sessionLog: SessionLog;
  relay: RelayService;
  webhooks: WebhookService;
  /** Stops accepting, lets messages in flight finish, then closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Starts the whole server from a Config: store, ingest, SMTP, HTTP, retention. */
export async function startDevmail(config: Config, opts: { logger?: Logger } = {}): Promise<RunningDevmail> {
  const logger = opts.logger ?? createLogger(config.log.level);
  const bus = new EventBus((err, event) => logger.error({ err, event }, 'an event listener failed'));
  // The store runs in its own thread and starts the MIME parse pool in a third: named by module
  // (a function cannot cross threads), so `store` still never imports `mime`.
  const indexer = { module: new URL('./mime/index-pool.js', import.meta.url), export: 'createIndexerPool' satisfies keyof typeof mime };
  const store = await openStore(config.store.database, { indexer, logger: logger.child({ subsystem: 'store' }) });
  // Closed last (cleanups run first to last): listeners stop, then the store flushes its group
  // commit and index, stops the parse thread and its own.
  const cleanups: Array<() => Promise<void>> = [() => store.close()];
  try {
    const stopStats = startStatsAnnouncer({ store, bus, logger });
    cleanups.unshift(() => stopStats());
    // Release, the relay queue (resumed from the store) and the automatic rules: off the SMTP
    // path, fed by message.created. Started before ingest so they close after it has settled:
    // a message captured during shutdown still gets its relay and webhook jobs queued.
    const relay = startRelay({ config: config.relay, store, bus, logger: logger.child({ subsystem: 'relay' }), hostname: config.smtp.hostname });
    cleanups.unshift(() => relay.close());
    // Webhooks: one signed post per hook for each new message, in order, resumed from the store.
    const webhooks = await startWebhooks({
      config: config.webhooks,
      store,
      bus,
      logger: logger.child({ subsystem: 'webhooks' }),
      toBody: toMailpitSummary,
      checkQuery: (query) => {
        if (parseSearch(query).terms.length === 0) throw new DevmailError('bad_request', `the query "${query}" has no terms devmail can search by`);
      },
      userAgent: `devmail/${VERSION}`,
    });
    cleanups.unshift(() => webhooks.close());
    const ingest = createIngest({ store, bus, logger, hostname: config.smtp.hostname });
    // Closed after SMTP and HTTP stop taking mail, before the store closes under announcements.
    cleanups.unshift(() => ingest.settled());
    const stopRetention = startRetention({ store, bus, policy: { maxMessages: config.store.maxMessages, maxAgeMs: config.store.maxAgeMs }, logger });
    cleanups.unshift(async () => stopRetention());

    const chaos = new ChaosControl({
      mailpitEnabled: config.chaos.mailpitEnabled,
      mailpitTriggers: config.chaos.mailpitTriggers ?? undefined,
      rules: config.chaos.rules,
      seed: config.chaos.seed,
      jim: config.chaos.inviteJim ? defaultJim() : null,
    });
    const sessionLog = new SessionLog(config.sessionLog.maxSessions);
    const smtp = await startSmtpServer({
      config: config.smtp,
      logger: logger.child({ subsystem: 'smtp' }),
      sessionLog,
      handler: withChaos(
        chaos.engine,
        { onData: (_session, envelope, raw) => ingest.capture({ envelope, raw, source: 'smtp' }) },
        // Every message goes to the default inbox until inbox routing exists.
        { inboxOf: () => DEFAULT_INBOX },
      ),
    });
    cleanups.unshift(() => smtp.close({ graceMs: 10_000 }));

    // On-demand checks: one result cache for all of them, emptied as messages go.
    const checkCache = new CheckResultCache();
    const stopCacheFollow = checkCache.followDeletions(bus);
    cleanups.unshift(async () => stopCacheFollow());
    const engineChecks = createEngineChecks({ config: config.checkEngines, cache: checkCache, bus, logger: logger.child({ subsystem: 'checks' }), hostname: config.smtp.hostname });
    cleanups.unshift(() => engineChecks.close());

    // smtpInfo: where the SMTP listener is, for the API's description of the server (MailDev's /config).
    const app = await buildHttpApp({ config: config.http, store, ingest, bus, logger: logger.child({ subsystem: 'http' }), version: VERSION, chaos, sessionLog, engineChecks, checkCache, relay, webhooks, smtpInfo: { ...smtp.addresses().smtp } });
    await app.listen({ host: config.http.listen.host, port: config.http.listen.port });
    cleanups.unshift(() => app.close());

    const http = app.server.address() as AddressInfo;
    const addresses = smtp.addresses();
    const urls = {
      http: `http://${hostForUrl(http.address)}:${http.port}${config.http.webroot}`,
      smtp: addresses.smtp,
      smtps: addresses.smtps,
    };
    logger.info(
      { smtp: `${addresses.smtp.host}:${addresses.smtp.port}`, smtps: addresses.smtps ? `${addresses.smtps.host}:${addresses.smtps.port}` : undefined, http: urls.http, database: store.info.location },
      `devmail ${VERSION}: SMTP on ${addresses.smtp.host}:${addresses.smtp.port}${addresses.smtps ? `, SMTPS on ${addresses.smtps.host}:${addresses.smtps.port}` : ''}, web UI and API on ${urls.http}, database ${store.info.location}`,
    );

    let closing: Promise<void> | null = null;
    return {
      config,
      urls,
      store,
      bus,
      ingest,
      logger,
      chaos,
      sessionLog,
      relay,
      webhooks,
      close() {
        closing ??= runCleanups(cleanups, logger);
        return closing;
      },
    };
  } catch (err) {
    await runCleanups(cleanups, logger);
    throw err;
  }
}

async function runCleanups(cleanups: Array<() => Promise<void>>, logger: Logger): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
    }
  }
}

function hostForUrl(address: string): string {
  if (address === '0.0.0.0' || address === '::') return 'localhost';
  return address.includes(':') ? `[${address}]` : address;
}
