import { formatOptionsMarkdown, loadConfig, type Config } from '../config/index.js';

/**
 * `devmail config [options]`: prints the effective configuration as JSON, secrets hidden;
 * `devmail config --markdown` prints the options reference (docs/config.md).
 */
export function runConfig(argv: string[], env: NodeJS.ProcessEnv): number {
  if (argv[0] === '--markdown') {
    process.stdout.write(formatOptionsMarkdown());
    return 0;
  }
  const config = loadConfig({ argv, env });
  process.stdout.write(JSON.stringify(redact(config), replacer, 2) + '\n');
  return 0;
}

function redact(config: Config): unknown {
  const hide = (entries: readonly { user: string }[]) => entries.map((e) => ({ user: e.user, secret: '*hidden*' }));
  return {
    ...config,
    smtp: { ...config.smtp, auth: { ...config.smtp.auth, credentials: hide(config.smtp.auth.credentials) } },
    http: { ...config.http, uiCredentials: hide(config.http.uiCredentials) },
    store: { ...config.store, database: config.store.database.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:*hidden*@') },
    relay: { ...config.relay, server: config.relay.server && { ...config.relay.server, password: hideSecret(config.relay.server.password) } },
    webhooks: { ...config.webhooks, url: hideUrlPassword(config.webhooks.url), secret: hideSecret(config.webhooks.secret) },
    checkEngines: { ...config.checkEngines, rspamd: config.checkEngines.rspamd && hideUrlPassword(config.checkEngines.rspamd.href) },
  };
}

/** A URL with its password (if any) replaced by '*hidden*'; the user name stays. */
function hideUrlPassword(url: string): string {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '*hidden*';
    return parsed.href;
  } catch {
    return url;
  }
}

/** '*hidden*' for a secret that is set, '' for none (so the output still says whether one is). */
function hideSecret(secret: string): string {
  return secret ? '*hidden*' : '';
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof RegExp ? value.source : value;
}
