import type { ChaosRuleSpec, MailpitTriggers } from '../chaos/index.js';

/** A host and port to listen on. Port 0 picks a free one (tests). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** One user and secret as given inline or in an htpasswd-style file. */
export interface CredentialEntry {
  user: string;
  /** Plain text, or a hash: bcrypt `$2a$/$2b$/$2y$`, SHA-crypt `$5$`/`$6$`. */
  secret: string;
}

/** The SMTP server's slice of the configuration. */
export interface SmtpConfig {
  listen: ListenAddress;
  /** Extra implicit-TLS (SMTPS) listener, or null. */
  smtpsListen: ListenAddress | null;
  /** Name used in the greeting, EHLO reply and Received header. */
  hostname: string;
  tls: {
    /** PEM certificate and key paths; both null → a self-signed pair is made at start. */
    certFile: string | null;
    keyFile: string | null;
    /** Subject alternative names for the generated certificate. */
    generatedNames: string[];
    /** STARTTLS must come before MAIL (530 otherwise). */
    requireStartTls: boolean;
    /** The main SMTP port itself speaks implicit TLS. */
    requireTls: boolean;
  };
  auth: {
    /** No credentials configured, or explicitly asked: any user and password pass. */
    acceptAny: boolean;
    /** Configured credentials (inline and from the file); empty with acceptAny. */
    credentials: CredentialEntry[];
    /** Allow AUTH on a connection that is not encrypted when credentials are enforced. */
    allowInsecure: boolean;
  };
  /** Largest message accepted, in bytes (552 past it). */
  maxMessageBytes: number;
  /** Most recipients in one transaction (452 past it). */
  maxRecipients: number;
  /** Recipients must match this, or get 550. Null allows all. */
  allowedRecipients: RegExp | null;
  /** Concurrent connections; past it new ones get 421. */
  maxConnections: number;
  /** A connection idle this long is closed with 421. */
  idleTimeoutMs: number;
  /** Bad commands in one session before 421 and close. */
  maxErrors: number;
  /** Expect a PROXY protocol v1/v2 header first on each connection (behind a load balancer). */
  proxyProtocol: boolean;
}

/** The HTTP server's slice. */
export interface HttpConfig {
  listen: ListenAddress;
  /** Path prefix for every route, '/' or like '/mail/' (always with both slashes). */
  webroot: string;
  /** Basic-auth users for the UI and API; empty → no auth. */
  uiCredentials: CredentialEntry[];
  /** Label shown in the UI and /api/v1/webui. */
  label: string;
  /** The link check may request private, loopback, link-local … addresses (SSRF guard off). */
  allowInternalHttpRequests: boolean;
  /** How long the link check waits for one URL (DNS, connect, headers). */
  linkCheckTimeoutMs: number;
}

/** The store's slice. */
export interface StoreConfig {
  /** A file path, ':temp:' for a throw-away file, or a postgres:// URL. */
  database: string;
  /** Most messages kept; 0 keeps all. */
  maxMessages: number;
  /** Oldest message kept, in ms; 0 keeps all. */
  maxAgeMs: number;
}

/** Logging slice. */
export interface LogConfig {
  level: 'debug' | 'info' | 'warn' | 'error';
}

/** Failure injection's slice. */
export interface ChaosConfig {
  /** Mailpit's chaos switch (`--enable-chaos`, or triggers given). */
  mailpitEnabled: boolean;
  /** Mailpit triggers given at start, or null for Mailpit's defaults. */
  mailpitTriggers: MailpitTriggers | null;
  /** Rules from the rules file. */
  rules: ChaosRuleSpec[];
  /** Seed of the shared random sequence, or null for a random one. */
  seed: number | null;
  /** Start with MailHog's Jim. */
  inviteJim: boolean;
}

/** The SMTP session log's slice. */
export interface SessionLogConfig {
  /** Transcripts kept, newest first; 0 keeps none. */
  maxSessions: number;
}

/** spamd's address: TCP or a Unix socket. */
export type SpamdAddress = { host: string; port: number } | { socketPath: string };

/** The engine-backed checks' slice: spam engines, DNS for authentication, the browser. */
export interface CheckEnginesConfig {
  /** spamd to ask for /sa-check, or null (the route answers 404 as Mailpit does). */
  spamassassin: SpamdAddress | null;
  /** Rspamd's normal worker (its /checkv2), or null. */
  rspamd: URL | null;
  /** DNS server for DKIM/SPF/DMARC/ARC lookups as `ip:port`; null uses the system's. */
  dnsServer: string | null;
  /** Chromium for screenshots; null looks for it on the machine. */
  chromiumPath: string | null;
  /** Let screenshots load remote images and styles (otherwise only the message's own parts). */
  screenshotRemoteContent: boolean;
  /** Screenshots' remote content may come from internal addresses (`--allow-internal-http-requests`). */
  allowInternalHttpRequests: boolean;
  /** How long any engine may take before the check answers 504. */
  timeoutMs: number;
}

/** How a delivery that failed is retried: waits double from `minDelayMs` up to `maxDelayMs`. */
export interface RetryPolicy {
  minDelayMs: number;
  maxDelayMs: number;
  /** Attempts before the delivery is marked failed. */
  maxAttempts: number;
}

/** The SMTP server released messages go to. */
export interface RelayServer {
  host: string;
  port: number;
  /** Require STARTTLS. */
  startTls: boolean;
  /** Implicit TLS from the first byte (SMTPS). */
  tls: boolean;
  /** Skip verifying the server's certificate. */
  allowInsecure: boolean;
  auth: 'none' | 'plain' | 'login' | 'cram-md5';
  username: string;
  password: string;
}

/** The relay's slice: where released mail goes, what may go, and the automatic rules. */
export interface RelayConfig {
  /** Null: release is off (no relay server configured). */
  server: RelayServer | null;
  /** Envelope sender and Return-Path of relayed mail ('' keeps the message's own). */
  returnPath: string;
  /** From address of relayed mail ('' keeps it). */
  overrideFrom: string;
  /** Keep Message-ID (default: a new one per relay). */
  preserveMessageIds: boolean;
  allowedRecipients: RegExp | null;
  blockedRecipients: RegExp | null;
  /** Relay every captured message to its recipients. */
  relayAll: boolean;
  /** Relay captured messages to their recipients that match. */
  relayMatching: RegExp | null;
  /** Relay captured messages that match this search ('' for none). */
  relayQuery: string;
  /** Forward a copy of every captured message to these addresses. */
  forwardTo: string[];
  retry: RetryPolicy;
}

/** The webhooks' slice: the one hook of `--webhook-url`, and the rate limit over all hooks. */
export interface WebhookConfig {
  /** '' when there is no hook from the command line. */
  url: string;
  secret: string;
  /** Posts per second over all hooks; 0 for no limit. */
  limitPerSecond: number;
  retry: RetryPolicy;
}

/** The whole, frozen configuration. Modules receive only their slice. */
export interface Config {
  smtp: SmtpConfig;
  http: HttpConfig;
  store: StoreConfig;
  log: LogConfig;
  chaos: ChaosConfig;
  sessionLog: SessionLogConfig;
  checkEngines: CheckEnginesConfig;
  relay: RelayConfig;
  webhooks: WebhookConfig;
}
