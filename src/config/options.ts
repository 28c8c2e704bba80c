import * as parse from './parsers.js';
import type { Parser } from './parsers.js';

/** One configuration option: its flag, its environment twin, default, parser and doc line. */
export interface OptionSpec<T = unknown> {
  /** Flag name without dashes, e.g. `smtp-auth-file`. */
  flag: string;
  /** Environment variable, `DEVMAIL_` + the flag in upper snake case. */
  env: string;
  /** Default as text, parsed like any given value ('' for none). */
  defaultValue: string;
  parse: Parser<T>;
  /** Placeholder for the value in --help; absent for switches that need no value. */
  valueName?: string;
  /** Heading in --help and docs/config.md. */
  group: 'SMTP' | 'HTTP' | 'Storage' | 'Logging' | 'Checks' | 'Relay' | 'Webhooks';
  doc: string;
}

function option<T>(flag: string, spec: Omit<OptionSpec<T>, 'flag' | 'env'>): OptionSpec<T> {
  return { flag, env: `DEVMAIL_${flag.toUpperCase().replace(/-/g, '_')}`, ...spec };
}

/**
 * Every option devmail has: the one table that `--help`, the `DEVMAIL_*` variables and
 * docs/config.md are made from. Names follow Mailpit's where the meaning is the same.
 */
export const OPTIONS = {
  smtp: option('smtp', {
    group: 'SMTP', valueName: 'ADDR', defaultValue: '0.0.0.0:1025', parse: parse.listenAddress,
    doc: 'SMTP listener (HOST:PORT).',
  }),
  smtps: option('smtps', {
    group: 'SMTP', valueName: 'ADDR', defaultValue: '', parse: parse.optionalListenAddress,
    doc: 'Extra implicit-TLS (SMTPS) listener, e.g. 0.0.0.0:1465; off by default.',
  }),
  hostname: option('hostname', {
    group: 'SMTP', valueName: 'NAME', defaultValue: 'devmail', parse: parse.text,
    doc: 'Name in the SMTP greeting and Received headers.',
  }),
  smtpTlsCert: option('smtp-tls-cert', {
    group: 'SMTP', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'PEM certificate for STARTTLS/SMTPS; without one a self-signed pair is made at start.',
  }),
  smtpTlsKey: option('smtp-tls-key', {
    group: 'SMTP', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'PEM private key matching --smtp-tls-cert.',
  }),
  smtpTlsNames: option('smtp-tls-names', {
    group: 'SMTP', valueName: 'NAMES', defaultValue: '', parse: parse.list,
    doc: 'Extra host names/IPs for the generated certificate (comma-separated).',
  }),
  smtpRequireStarttls: option('smtp-require-starttls', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: 'Refuse MAIL until the client has issued STARTTLS (530).',
  }),
  smtpRequireTls: option('smtp-require-tls', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: 'The SMTP port itself speaks implicit TLS (SMTPS), not STARTTLS.',
  }),
  smtpAuthAcceptAny: option('smtp-auth-accept-any', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: 'Accept any user and password. This is also what happens when no credentials are configured.',
  }),
  smtpAuth: option('smtp-auth', {
    group: 'SMTP', valueName: '"USER:PASS ..."', defaultValue: '', parse: parse.list,
    doc: 'Inline SMTP credentials, space-separated user:password pairs; enforces AUTH.',
  }),
  smtpAuthFile: option('smtp-auth-file', {
    group: 'SMTP', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'htpasswd-style file of SMTP credentials (plain, bcrypt or SHA-crypt); enforces AUTH.',
  }),
  smtpAuthAllowInsecure: option('smtp-auth-allow-insecure', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: 'Allow AUTH with enforced credentials on connections without TLS.',
  }),
  maxMessageSize: option('max-message-size', {
    group: 'SMTP', valueName: 'SIZE', defaultValue: '50M', parse: parse.byteSize,
    doc: 'Largest message accepted (552 past it), e.g. 50M.',
  }),
  smtpMaxRecipients: option('smtp-max-recipients', {
    group: 'SMTP', valueName: 'N', defaultValue: '100', parse: parse.count,
    doc: 'Most recipients per message (452 past it); RFC 5321 asks servers to take at least 100.',
  }),
  smtpAllowedRecipients: option('smtp-allowed-recipients', {
    group: 'SMTP', valueName: 'REGEX', defaultValue: '', parse: parse.regex,
    doc: 'Only accept recipients matching this regular expression (550 otherwise).',
  }),
  smtpMaxConnections: option('smtp-max-connections', {
    group: 'SMTP', valueName: 'N', defaultValue: '1000', parse: parse.count,
    doc: 'Concurrent SMTP connections; past it new ones get 421.',
  }),
  smtpIdleTimeout: option('smtp-idle-timeout', {
    group: 'SMTP', valueName: 'DURATION', defaultValue: '5m', parse: parse.duration,
    doc: 'Close an idle SMTP connection after this long (RFC 5321 4.5.3.2 asks for at least 5m).',
  }),
  smtpMaxErrors: option('smtp-max-errors', {
    group: 'SMTP', valueName: 'N', defaultValue: '20', parse: parse.count,
    doc: 'Bad commands tolerated in one session before 421 and close.',
  }),
  smtpProxyProtocol: option('smtp-proxy-protocol', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: 'Expect a PROXY protocol v1/v2 header on each connection (behind a load balancer).',
  }),
  // failure injection (chaos) and the SMTP session log
  enableChaos: option('enable-chaos', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: "Enable Mailpit's chaos triggers: GET/PUT /api/v1/chaos answer only then (devmail's own chaos rules always work).",
  }),
  chaosTriggers: option('chaos-triggers', {
    group: 'SMTP', valueName: 'TRIGGERS', defaultValue: '', parse: parse.text,
    doc: "Mailpit chaos triggers at start, TRIGGER:CODE:PERCENT comma-separated (e.g. Sender:451:50,Recipient:550:10); enables chaos.",
  }),
  chaosRulesFile: option('chaos-rules-file', {
    group: 'SMTP', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'JSON file of chaos rules (the shape POST /api/v1/chaos/rules takes) loaded at start.',
  }),
  chaosSeed: option('chaos-seed', {
    group: 'SMTP', valueName: 'N', defaultValue: '', parse: parse.text,
    doc: 'Seed of the random draws of chaos rules, for reproducible runs (0 to 4294967295; random when unset).',
  }),
  inviteJim: option('invite-jim', {
    group: 'SMTP', defaultValue: 'false', parse: parse.boolean,
    doc: "Start with MailHog's Jim (random failures, MailHog's defaults); see /api/v2/jim.",
  }),
  smtpSessionLog: option('smtp-session-log', {
    group: 'SMTP', valueName: 'N', defaultValue: '1000', parse: parse.count,
    doc: 'SMTP session transcripts kept for /api/v1/sessions (the newest N); 0 keeps none.',
  }),
  listen: option('listen', {
    group: 'HTTP', valueName: 'ADDR', defaultValue: '0.0.0.0:8025', parse: parse.listenAddress,
    doc: 'HTTP listener for the API and UI (HOST:PORT).',
  }),
  webroot: option('webroot', {
    group: 'HTTP', valueName: 'PATH', defaultValue: '/', parse: parse.webroot,
    doc: 'Serve the API and UI under this path prefix, e.g. /mail/.',
  }),
  uiAuthFile: option('ui-auth-file', {
    group: 'HTTP', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'htpasswd-style file of users for HTTP basic auth on the UI and API.',
  }),
  label: option('label', {
    group: 'HTTP', valueName: 'TEXT', defaultValue: '', parse: parse.text,
    doc: 'A label shown in the UI, to tell instances apart.',
  }),
  allowInternalHttpRequests: option('allow-internal-http-requests', {
    group: 'HTTP', defaultValue: 'false', parse: parse.boolean,
    doc: "Let the link check and screenshots' remote content request private, loopback and link-local addresses (refused by default: a captured message chooses the URLs).",
  }),
  linkCheckTimeout: option('link-check-timeout', {
    group: 'HTTP', valueName: 'DURATION', defaultValue: '10s', parse: parse.duration,
    doc: "How long the link check waits for each URL (DNS, connect, headers) before reporting it as timed out; Mailpit's 10s by default.",
  }),
  database: option('database', {
    group: 'Storage', valueName: 'PATH|URL', defaultValue: 'devmail.db', parse: parse.text,
    doc: 'SQLite file (default devmail.db in the working folder), :temp: for a throw-away one, or a postgres:// URL.',
  }),
  max: option('max', {
    group: 'Storage', valueName: 'N', defaultValue: '100000', parse: parse.count,
    doc: 'Most messages kept; the oldest are pruned past it (0 keeps all).',
  }),
  maxAge: option('max-age', {
    group: 'Storage', valueName: 'DURATION', defaultValue: '0', parse: parse.duration,
    doc: 'Prune messages older than this, e.g. 36h or 14d (0 keeps all).',
  }),
  verbose: option('verbose', {
    group: 'Logging', defaultValue: 'false', parse: parse.boolean,
    doc: 'Log protocol detail (debug level).',
  }),
  quiet: option('quiet', {
    group: 'Logging', defaultValue: 'false', parse: parse.boolean,
    doc: 'Log only warnings and errors.',
  }),

  // engine-backed checks
  enableSpamassassin: option('enable-spamassassin', {
    group: 'Checks', valueName: 'ADDR', defaultValue: '', parse: parse.spamdAddress,
    doc: 'spamd for /api/v1/message/{ID}/sa-check: HOST:PORT (e.g. 127.0.0.1:783) or a Unix socket path; off by default.',
  }),
  enableRspamd: option('enable-rspamd', {
    group: 'Checks', valueName: 'URL', defaultValue: '', parse: parse.optionalHttpUrl,
    doc: "Rspamd's normal worker for /api/v1/message/{ID}/rspamd-check, e.g. http://127.0.0.1:11333; off by default.",
  }),
  dnsServer: option('dns-server', {
    group: 'Checks', valueName: 'IP:PORT', defaultValue: '', parse: parse.optionalDnsServer,
    doc: "DNS server for the DKIM, SPF, DMARC and ARC lookups of /auth-check; default the system's.",
  }),
  chromiumPath: option('chromium-path', {
    group: 'Checks', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: 'Chromium for /screenshot; default the first of chromium, chromium-browser, google-chrome found.',
  }),
  screenshotRemoteContent: option('screenshot-remote-content', {
    group: 'Checks', defaultValue: 'false', parse: parse.boolean,
    doc: "Let screenshots load remote images and styles: devmail fetches the http(s) URLs the message names, refusing internal addresses as the link check does (see --allow-internal-http-requests). Off: only the message's own parts load.",
  }),
  checkTimeout: option('check-timeout', {
    group: 'Checks', valueName: 'DURATION', defaultValue: '10s', parse: parse.duration,
    doc: 'How long spamd, Rspamd, DNS or the browser may take before a check answers 504.',
  }),

  // ---- release, relay and forwarding (names as Mailpit's where they mean the same) ----
  smtpRelayConfig: option('smtp-relay-config', {
    group: 'Relay', valueName: 'FILE', defaultValue: '', parse: parse.text,
    doc: "Mailpit-style YAML file of the relay server and its policy (host, port, starttls, tls, allow-insecure, auth, username, password, return-path, override-from, allowed-recipients, blocked-recipients, preserve-message-ids); names the server instead of --smtp-relay-host, and policy flags fill in keys it leaves out.",
  }),
  smtpRelayHost: option('smtp-relay-host', {
    group: 'Relay', valueName: 'HOST', defaultValue: '', parse: parse.text,
    doc: 'SMTP server that released messages are relayed to; release is off without one.',
  }),
  smtpRelayPort: option('smtp-relay-port', {
    group: 'Relay', valueName: 'PORT', defaultValue: '25', parse: parse.port,
    doc: 'Port of the relay server.',
  }),
  smtpRelayStarttls: option('smtp-relay-starttls', {
    group: 'Relay', defaultValue: 'false', parse: parse.boolean,
    doc: 'Require STARTTLS with the relay server.',
  }),
  smtpRelayTls: option('smtp-relay-tls', {
    group: 'Relay', defaultValue: 'false', parse: parse.boolean,
    doc: 'Speak implicit TLS (SMTPS) to the relay server.',
  }),
  smtpRelayAllowInsecure: option('smtp-relay-allow-insecure', {
    group: 'Relay', defaultValue: 'false', parse: parse.boolean,
    doc: "Accept the relay server's certificate without verifying it (self-signed test servers).",
  }),
  smtpRelayAuth: option('smtp-relay-auth', {
    group: 'Relay', valueName: 'MECH', defaultValue: 'none', parse: parse.oneOf('none', 'plain', 'login', 'cram-md5'),
    doc: 'AUTH mechanism with the relay server: none, plain, login or cram-md5.',
  }),
  smtpRelayUsername: option('smtp-relay-username', {
    group: 'Relay', valueName: 'USER', defaultValue: '', parse: parse.text,
    doc: 'User name for AUTH with the relay server.',
  }),
  smtpRelayPassword: option('smtp-relay-password', {
    group: 'Relay', valueName: 'PASS', defaultValue: '', parse: parse.text,
    doc: 'Password for AUTH with the relay server (never logged).',
  }),
  smtpRelayReturnPath: option('smtp-relay-return-path', {
    group: 'Relay', valueName: 'ADDR', defaultValue: '', parse: parse.text,
    doc: 'Envelope sender and Return-Path header of relayed messages.',
  }),
  smtpRelayOverrideFrom: option('smtp-relay-override-from', {
    group: 'Relay', valueName: 'ADDR', defaultValue: '', parse: parse.text,
    doc: 'Replace the From address (keeping its name) and the envelope sender of relayed messages.',
  }),
  smtpRelayAllowedRecipients: option('smtp-relay-allowed-recipients', {
    group: 'Relay', valueName: 'REGEX', defaultValue: '', parse: parse.regex,
    doc: 'Only relay to recipients matching this regular expression.',
  }),
  smtpRelayBlockedRecipients: option('smtp-relay-blocked-recipients', {
    group: 'Relay', valueName: 'REGEX', defaultValue: '', parse: parse.regex,
    doc: 'Never relay to recipients matching this regular expression.',
  }),
  smtpRelayPreserveMessageIds: option('smtp-relay-preserve-message-ids', {
    group: 'Relay', defaultValue: 'false', parse: parse.boolean,
    doc: 'Keep the Message-ID of relayed messages (by default each relay gets a new one, as in Mailpit).',
  }),
  smtpRelayAll: option('smtp-relay-all', {
    group: 'Relay', defaultValue: 'false', parse: parse.boolean,
    doc: 'Relay every captured message to its envelope recipients, automatically.',
  }),
  smtpRelayMatching: option('smtp-relay-matching', {
    group: 'Relay', valueName: 'REGEX', defaultValue: '', parse: parse.regex,
    doc: 'Relay captured messages automatically to those of their recipients that match this regular expression.',
  }),
  smtpRelayQuery: option('smtp-relay-query', {
    group: 'Relay', valueName: 'SEARCH', defaultValue: '', parse: parse.text,
    doc: 'Relay captured messages that match this search (the search language) to their recipients, automatically.',
  }),
  smtpForwardTo: option('smtp-forward-to', {
    group: 'Relay', valueName: 'ADDRS', defaultValue: '', parse: parse.list,
    doc: 'Forward a copy of every captured message to these addresses (comma-separated), through the relay server.',
  }),
  relayRetryMin: option('relay-retry-min', {
    group: 'Relay', valueName: 'DURATION', defaultValue: '30s', parse: parse.duration,
    doc: 'First wait before retrying a failed relay or webhook delivery; it doubles with each failure.',
  }),
  relayRetryMax: option('relay-retry-max', {
    group: 'Relay', valueName: 'DURATION', defaultValue: '1h', parse: parse.duration,
    doc: 'Longest wait between retries of a relay or webhook delivery.',
  }),
  relayMaxAttempts: option('relay-max-attempts', {
    group: 'Relay', valueName: 'N', defaultValue: '10', parse: parse.count,
    doc: 'Attempts before a relay or webhook delivery is marked failed.',
  }),

  // ---- webhooks ----
  webhookUrl: option('webhook-url', {
    group: 'Webhooks', valueName: 'URL', defaultValue: '', parse: parse.text,
    doc: "POST each new message's summary (Mailpit's webhook body) to this URL; more hooks with filters via /api/v1/webhooks.",
  }),
  webhookSecret: option('webhook-secret', {
    group: 'Webhooks', valueName: 'SECRET', defaultValue: '', parse: parse.text,
    doc: 'Key that signs --webhook-url posts (X-Devmail-Signature); unsigned without one.',
  }),
  webhookLimit: option('webhook-limit', {
    group: 'Webhooks', valueName: 'N', defaultValue: '5', parse: parse.count,
    doc: 'Most webhook posts per second, over all hooks (0 for no limit), as Mailpit.',
  }),
} satisfies Record<string, OptionSpec<never> | OptionSpec<any>>;

/** The option keys. */
export type OptionKey = keyof typeof OPTIONS;

/** Parsed values of every option, by key. */
export type OptionValues = {
  [K in OptionKey]: (typeof OPTIONS)[K] extends OptionSpec<infer T> ? T : never;
};
