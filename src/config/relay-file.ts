import { createRequire } from 'node:module';
import * as parse from './parsers.js';
import type { RelayServer } from './types.js';

/** What a relay config file sets: the server, and the policy keys Mailpit's file has. */
export interface RelayFileValues {
  server: RelayServer;
  returnPath: string;
  overrideFrom: string;
  preserveMessageIds: boolean;
  allowedRecipients: RegExp | null;
  blockedRecipients: RegExp | null;
}

/** Keys of Mailpit's `--smtp-relay-config` YAML, and what each becomes. */
const KEYS = new Set([
  'host', 'port', 'starttls', 'tls', 'allow-insecure', 'auth', 'username', 'password', 'secret',
  'return-path', 'override-from', 'preserve-message-ids', 'allowed-recipients', 'blocked-recipients',
  'recipient-allowlist', // Mailpit's older name of allowed-recipients
]);

/**
 * Reads a Mailpit-style relay config (YAML). Throws an Error naming the key that is wrong; an
 * unknown key is an error too, so a typo does not silently relay somewhere unintended.
 */
export function parseRelayFile(text: string): RelayFileValues {
  let doc: unknown;
  try {
    // The YAML parser is loaded only when a relay file is given (config loading is synchronous).
    const { parse: parseYaml } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('expected a YAML mapping of relay settings');
  const entries = doc as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    if (!KEYS.has(key)) throw new Error(`unknown key "${key}"`);
  }
  const text_ = (key: string): string => {
    const v = entries[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`"${key}" must be a single value`);
    return String(v);
  };
  const read = <T>(key: string, parser: parse.Parser<T>, fallback: string): T => {
    try {
      return parser(text_(key) || fallback);
    } catch (err) {
      throw new Error(`"${key}": ${(err as Error).message}`);
    }
  };
  const host = text_('host');
  if (!host) throw new Error('"host" is required');
  // Mailpit's `auth` defaults to plain when a user name is given, and `secret` is the CRAM-MD5 key.
  const username = text_('username');
  const auth = read('auth', parse.oneOf('none', 'plain', 'login', 'cram-md5'), username ? 'plain' : 'none');
  return {
    server: {
      host,
      port: read('port', parse.port, '25'),
      startTls: read('starttls', parse.boolean, 'false'),
      tls: read('tls', parse.boolean, 'false'),
      allowInsecure: read('allow-insecure', parse.boolean, 'false'),
      auth,
      username,
      password: auth === 'cram-md5' && text_('secret') ? text_('secret') : text_('password'),
    },
    returnPath: text_('return-path'),
    overrideFrom: text_('override-from'),
    preserveMessageIds: read('preserve-message-ids', parse.boolean, 'false'),
    allowedRecipients: read('allowed-recipients', parse.regex, '') ?? read('recipient-allowlist', parse.regex, ''),
    blockedRecipients: read('blocked-recipients', parse.regex, ''),
  };
}
