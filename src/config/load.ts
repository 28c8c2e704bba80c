import { readFileSync } from 'node:fs';
import { parseCredentialSpec, parseCredentialsText } from '../auth/credentials.js';
import { parseChaosRulesText, parseChaosTriggers } from '../chaos/index.js';
import { DevmailError, isDevmailError } from '../core/errors.js';
import { OPTIONS, type OptionKey, type OptionSpec, type OptionValues } from './options.js';
import { parseRelayFile } from './relay-file.js';
import type { Config, CredentialEntry, RelayConfig, RetryPolicy, WebhookConfig } from './types.js';

/** What loadConfig reads: the command-line words after the command, and the environment. */
export interface ConfigSources {
  argv: string[];
  env: Record<string, string | undefined>;
  /** Reads credential files; injectable so loading stays testable. */
  readFile?: (path: string) => string;
}

const byFlag = new Map<string, [OptionKey, OptionSpec<unknown>]>(
  (Object.entries(OPTIONS) as [OptionKey, OptionSpec<unknown>][]).map(([key, spec]) => [spec.flag, [key, spec]]),
);

/**
 * The one frozen Config from flags, then `DEVMAIL_*` variables, then defaults. A bad value
 * throws DevmailError('config_invalid') naming the flag and the variable.
 */
export function loadConfig(sources: ConfigSources): Config {
  const given = readArgv(sources.argv);
  const values = {} as Record<OptionKey, unknown>;
  for (const [key, spec] of Object.entries(OPTIONS) as [OptionKey, OptionSpec<unknown>][]) {
    const fromFlag = given.get(key);
    const fromEnv = sources.env[spec.env];
    const rawValue = fromFlag ?? fromEnv ?? spec.defaultValue;
    try {
      values[key] = spec.parse(rawValue);
    } catch (err) {
      const origin = fromFlag !== undefined ? `--${spec.flag}` : fromEnv !== undefined ? spec.env : 'its default';
      throw invalid(spec, `${(err as Error).message} (from ${origin})`);
    }
  }
  return deepFreeze(assemble(values as OptionValues, sources.readFile ?? ((p) => readFileSync(p, 'utf8'))));
}

/** `--flag value`, `--flag=value`, and bare `--switch` for options whose value is optional. */
function readArgv(argv: string[]): Map<OptionKey, string> {
  const out = new Map<OptionKey, string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      throw new DevmailError('config_invalid', `unexpected argument "${word}" (options start with --)`);
    }
    const eq = word.indexOf('=');
    const flag = word.slice(2, eq === -1 ? undefined : eq);
    const entry = byFlag.get(flag);
    if (!entry) throw new DevmailError('config_invalid', `unknown option --${flag} (see devmail --help)`);
    const [key, spec] = entry;
    if (eq !== -1) out.set(key, word.slice(eq + 1));
    else if (!spec.valueName) out.set(key, 'true');
    else if (i + 1 < argv.length) out.set(key, argv[++i]);
    else throw invalid(spec, 'needs a value');
  }
  return out;
}

function assemble(v: OptionValues, readFile: (path: string) => string): Config {
  const smtpCredentials = [...v.smtpAuth.map((pair) => inlineCredential(pair)), ...readCredentialFile(OPTIONS.smtpAuthFile, v.smtpAuthFile, readFile)];
  if (v.smtpAuthAcceptAny && smtpCredentials.length > 0) {
    throw invalid(OPTIONS.smtpAuthAcceptAny, 'cannot be combined with --smtp-auth or --smtp-auth-file');
  }
  if (Boolean(v.smtpTlsCert) !== Boolean(v.smtpTlsKey)) {
    throw invalid(OPTIONS.smtpTlsCert, 'needs --smtp-tls-key as well (and the other way round)');
  }
  if (v.verbose && v.quiet) throw invalid(OPTIONS.quiet, 'cannot be combined with --verbose');
  if (v.maxMessageSize < 1024) throw invalid(OPTIONS.maxMessageSize, 'must be at least 1K');
  if (v.smtpMaxRecipients < 1) throw invalid(OPTIONS.smtpMaxRecipients, 'must be at least 1');
  if (v.smtpMaxConnections < 1) throw invalid(OPTIONS.smtpMaxConnections, 'must be at least 1');
  if (v.smtpIdleTimeout < 1000) throw invalid(OPTIONS.smtpIdleTimeout, 'must be at least 1s');
  if (v.checkTimeout < 100) throw invalid(OPTIONS.checkTimeout, 'must be at least 100ms');
  if (v.linkCheckTimeout < 100) throw invalid(OPTIONS.linkCheckTimeout, 'must be at least 100ms');
  return {
    smtp: {
      listen: v.smtp,
      smtpsListen: v.smtps,
      hostname: v.hostname,
      tls: {
        certFile: v.smtpTlsCert || null,
        keyFile: v.smtpTlsKey || null,
        generatedNames: v.smtpTlsNames,
        requireStartTls: v.smtpRequireStarttls,
        requireTls: v.smtpRequireTls,
      },
      auth: {
        acceptAny: smtpCredentials.length === 0,
        credentials: smtpCredentials,
        allowInsecure: v.smtpAuthAllowInsecure,
      },
      maxMessageBytes: v.maxMessageSize,
      maxRecipients: v.smtpMaxRecipients,
      allowedRecipients: v.smtpAllowedRecipients,
      maxConnections: v.smtpMaxConnections,
      idleTimeoutMs: v.smtpIdleTimeout,
      maxErrors: v.smtpMaxErrors,
      proxyProtocol: v.smtpProxyProtocol,
    },
    http: {
      listen: v.listen,
      webroot: v.webroot,
      uiCredentials: readCredentialFile(OPTIONS.uiAuthFile, v.uiAuthFile, readFile),
      label: v.label,
      allowInternalHttpRequests: v.allowInternalHttpRequests,
      linkCheckTimeoutMs: v.linkCheckTimeout,
    },
    store: { database: v.database, maxMessages: v.max, maxAgeMs: v.maxAge },
    log: { level: v.verbose ? 'debug' : v.quiet ? 'warn' : 'info' },
    chaos: assembleChaos(v, readFile),
    sessionLog: { maxSessions: v.smtpSessionLog },
    checkEngines: {
      spamassassin: v.enableSpamassassin,
      rspamd: v.enableRspamd,
      dnsServer: v.dnsServer,
      chromiumPath: v.chromiumPath || null,
      screenshotRemoteContent: v.screenshotRemoteContent,
      allowInternalHttpRequests: v.allowInternalHttpRequests,
      timeoutMs: v.checkTimeout,
    },
    ...assembleRelayAndWebhooks(v, readFile),
  };
}

/** The chaos slice: Mailpit's triggers and the rules file go through the chaos module's parsers. */
function assembleChaos(v: OptionValues, readFile: (path: string) => string): Config['chaos'] {
  let triggers: Config['chaos']['mailpitTriggers'] = null;
  try {
    if (v.chaosTriggers.trim() !== '') triggers = parseChaosTriggers(v.chaosTriggers);
  } catch (err) {
    throw invalid(OPTIONS.chaosTriggers, (err as Error).message);
  }
  let rules: Config['chaos']['rules'] = [];
  if (v.chaosRulesFile) {
    let text: string;
    try {
      text = readFile(v.chaosRulesFile);
    } catch (err) {
      throw invalid(OPTIONS.chaosRulesFile, `cannot read ${v.chaosRulesFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    rules = asOptionError(OPTIONS.chaosRulesFile, () => parseChaosRulesText(text));
  }
  const seedText = v.chaosSeed.trim();
  if (seedText !== '' && !(/^\d{1,10}$/.test(seedText) && Number(seedText) <= 0xffff_ffff)) {
    throw invalid(OPTIONS.chaosSeed, `expected a whole number from 0 to 4294967295, got "${v.chaosSeed}"`);
  }
  return {
    mailpitEnabled: v.enableChaos || triggers !== null,
    mailpitTriggers: triggers,
    rules,
    seed: seedText === '' ? null : Number(seedText),
    inviteJim: v.inviteJim,
  };
}

/** The relay (from its flags or its Mailpit-style file) and webhook slices. */
function assembleRelayAndWebhooks(v: OptionValues, readFile: (path: string) => string): { relay: RelayConfig; webhooks: WebhookConfig } {
  if (v.relayRetryMin < 10) throw invalid(OPTIONS.relayRetryMin, 'must be at least 10ms');
  if (v.relayRetryMax < v.relayRetryMin) throw invalid(OPTIONS.relayRetryMax, 'must not be shorter than --relay-retry-min');
  if (v.relayMaxAttempts < 1) throw invalid(OPTIONS.relayMaxAttempts, 'must be at least 1');
  const retry: RetryPolicy = { minDelayMs: v.relayRetryMin, maxDelayMs: v.relayRetryMax, maxAttempts: v.relayMaxAttempts };
  const fromFlags = {
    server: v.smtpRelayHost
      ? {
          host: v.smtpRelayHost,
          port: v.smtpRelayPort,
          startTls: v.smtpRelayStarttls,
          tls: v.smtpRelayTls,
          allowInsecure: v.smtpRelayAllowInsecure,
          auth: v.smtpRelayAuth,
          username: v.smtpRelayUsername,
          password: v.smtpRelayPassword,
        }
      : null,
    returnPath: v.smtpRelayReturnPath,
    overrideFrom: v.smtpRelayOverrideFrom,
    preserveMessageIds: v.smtpRelayPreserveMessageIds,
    allowedRecipients: v.smtpRelayAllowedRecipients,
    blockedRecipients: v.smtpRelayBlockedRecipients,
  };
  let relay = fromFlags;
  if (v.smtpRelayConfig) {
    if (v.smtpRelayHost) throw invalid(OPTIONS.smtpRelayConfig, 'cannot be combined with --smtp-relay-host: the file names the server');
    let content: string;
    try {
      content = readFile(v.smtpRelayConfig);
    } catch (err) {
      throw invalid(OPTIONS.smtpRelayConfig, `cannot read ${v.smtpRelayConfig}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const file = asOptionError(OPTIONS.smtpRelayConfig, () => {
      try {
        return parseRelayFile(content);
      } catch (err) {
        throw new DevmailError('config_invalid', `${v.smtpRelayConfig}: ${(err as Error).message}`);
      }
    });
    // The file names the server; a policy it leaves out may still come from its flag.
    relay = {
      server: file.server,
      returnPath: file.returnPath || fromFlags.returnPath,
      overrideFrom: file.overrideFrom || fromFlags.overrideFrom,
      preserveMessageIds: file.preserveMessageIds || fromFlags.preserveMessageIds,
      allowedRecipients: file.allowedRecipients ?? fromFlags.allowedRecipients,
      blockedRecipients: file.blockedRecipients ?? fromFlags.blockedRecipients,
    };
  }
  const server = relay.server;
  if (server && server.tls && server.startTls) throw invalid(OPTIONS.smtpRelayTls, 'cannot be combined with --smtp-relay-starttls (pick one)');
  if (server && server.auth !== 'none' && !server.username) throw invalid(OPTIONS.smtpRelayUsername, `is needed for --smtp-relay-auth ${server.auth}`);
  const automatic = v.smtpRelayAll || v.smtpRelayMatching !== null || v.smtpRelayQuery.trim() !== '' || v.smtpForwardTo.length > 0;
  if (automatic && !server) {
    throw invalid(OPTIONS.smtpRelayHost, 'is needed by --smtp-relay-all, --smtp-relay-matching, --smtp-relay-query and --smtp-forward-to (or give --smtp-relay-config)');
  }
  if (v.webhookUrl) {
    let url: URL;
    try {
      url = new URL(v.webhookUrl);
    } catch {
      throw invalid(OPTIONS.webhookUrl, `"${v.webhookUrl}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(OPTIONS.webhookUrl, 'must be an http:// or https:// URL');
  }
  return {
    relay: {
      ...relay,
      relayAll: v.smtpRelayAll,
      relayMatching: v.smtpRelayMatching,
      relayQuery: v.smtpRelayQuery.trim(),
      forwardTo: v.smtpForwardTo,
      retry,
    },
    webhooks: { url: v.webhookUrl, secret: v.webhookSecret, limitPerSecond: v.webhookLimit, retry },
  };
}

function inlineCredential(pair: string): CredentialEntry {
  return asOptionError(OPTIONS.smtpAuth, () => parseCredentialSpec(pair, 'an inline credential'));
}

/** Reads an htpasswd-style file: `user:secret` per line, `#` comments and blank lines skipped. */
function readCredentialFile(spec: OptionSpec<unknown>, path: string, readFile: (path: string) => string): CredentialEntry[] {
  if (!path) return [];
  let content: string;
  try {
    content = readFile(path);
  } catch (err) {
    throw invalid(spec, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const entries = asOptionError(spec, () => parseCredentialsText(content, path));
  if (entries.length === 0) throw invalid(spec, `${path} holds no user:secret lines`);
  return entries;
}

/** Runs a parser whose DevmailError should name the option it came from. */
function asOptionError<T>(spec: OptionSpec<unknown>, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (isDevmailError(err)) throw invalid(spec, err.message);
    throw err;
  }
}

function invalid(spec: OptionSpec<unknown>, problem: string): DevmailError {
  return new DevmailError('config_invalid', `--${spec.flag} / ${spec.env}: ${problem}`);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
