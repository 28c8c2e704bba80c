import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/bus.js';
import type { HttpConfig } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { Ingest } from '../ingest/index.js';
import type { ChaosControl } from '../chaos/index.js';
import type { SessionLog } from '../smtp/index.js';
import type { CheckResultCache, EngineChecks } from '../checks/index.js';
import type { RelayService } from '../relay/index.js';
import type { WebhookService } from '../webhooks/index.js';
import type { CheckServices } from './check-services.js';

/** What the SMTP side tells the API about itself (for `/api/v1/info` and the UI). */
export interface SmtpInfo {
  host: string;
  port: number;
  /** Runtime counters the SMTP engine keeps; absent ones read as 0. */
  counters?: () => { rejected?: number; ignored?: number };
}

/** Everything `buildHttpApp` needs from the rest of devmail. */
export interface ApiDeps {
  config: HttpConfig;
  store: Store;
  ingest: Ingest;
  bus: EventBus;
  logger: Logger;
  /** devmail's version, shown in `/api/v1/info` and the `stats` event. */
  version: string;
  smtpInfo?: SmtpInfo;
  /** Failure injection (the chaos routes and /api/v2/jim); those routes answer 503 without it. */
  chaos?: ChaosControl;
  /** SMTP session transcripts (/api/v1/sessions); empty without it. */
  sessionLog?: SessionLog;
  /** spamd, Rspamd, authentication, screenshots and thumbnails, cached per message. */
  engineChecks: EngineChecks;
  /** The one per-message cache of check results (the composition root empties it as messages go). */
  checkCache: CheckResultCache;
  /** Release, relay queue and rules (absent in tests that build the app alone). */
  relay?: RelayService;
  /** Webhook definitions and delivery logs (absent in tests that build the app alone). */
  webhooks?: WebhookService;
}

/** Counters kept for the life of the process, as Mailpit's `RuntimeStats`. */
export interface RuntimeCounters {
  startedAtMs: number;
  messagesAccepted: number;
  messagesAcceptedBytes: number;
  messagesDeleted: number;
}

/** What every handler gets: the deps, the runtime counters and URL helpers. */
export interface ApiContext extends ApiDeps {
  runtime: RuntimeCounters;
  /** The webroot without its trailing slash ('' for '/'), to prefix route paths. */
  basePath: string;
  /** The on-demand checks' shared cache and link checker. */
  checks: CheckServices;
}
