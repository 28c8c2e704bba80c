import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/bus.js';
import type { HttpConfig } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { Ingest } from '../ingest/index.js';
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
