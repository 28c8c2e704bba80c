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
  group: 'SMTP' | 'HTTP' | 'Storage' | 'Logging';
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
    doc: 'Let the link check request private, loopback and link-local addresses (refused by default: a captured message chooses the URLs).',
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
} satisfies Record<string, OptionSpec<never> | OptionSpec<any>>;

/** The option keys. */
export type OptionKey = keyof typeof OPTIONS;

/** Parsed values of every option, by key. */
export type OptionValues = {
  [K in OptionKey]: (typeof OPTIONS)[K] extends OptionSpec<infer T> ? T : never;
};
