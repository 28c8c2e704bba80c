import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { formatOptionsHelp, formatOptionsMarkdown } from './help.js';
import { OPTIONS } from './options.js';

const load = (argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) =>
  loadConfig({
    argv,
    env,
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[p];
    },
  });

describe('loadConfig', () => {
  it('gives Mailpit-like defaults with no flags and no environment', () => {
    const c = load([]);
    expect(c.smtp.listen).toEqual({ host: '0.0.0.0', port: 1025 });
    expect(c.http.listen).toEqual({ host: '0.0.0.0', port: 8025 });
    expect(c.store.database).toBe('devmail.db');
    expect(c.smtp.auth.acceptAny).toBe(true);
    expect(c.smtp.maxMessageBytes).toBe(50 * 1024 * 1024);
    expect(c.http.webroot).toBe('/');
  });

  it('lets a flag win over its environment twin, and the variable over the default', () => {
    expect(load(['--smtp', '127.0.0.1:2525'], { DEVMAIL_SMTP: '127.0.0.1:3535' }).smtp.listen.port).toBe(2525);
    expect(load([], { DEVMAIL_SMTP: '127.0.0.1:3535' }).smtp.listen.port).toBe(3535);
    expect(load(['--max-age=36h']).store.maxAgeMs).toBe(36 * 3_600_000);
    expect(load(['--max-age', '14d']).store.maxAgeMs).toBe(14 * 86_400_000);
  });

  it('reads switches with and without a value', () => {
    expect(load(['--smtp-require-starttls']).smtp.tls.requireStartTls).toBe(true);
    expect(load(['--smtp-require-starttls=false']).smtp.tls.requireStartTls).toBe(false);
    expect(load([], { DEVMAIL_VERBOSE: 'yes' }).log.level).toBe('debug');
  });

  it('stops on a bad value with a message naming the flag and the variable', () => {
    expect(() => load(['--smtp', 'localhost:99999'])).toThrow(/--smtp \/ DEVMAIL_SMTP: .*99999/);
    expect(() => load([], { DEVMAIL_MAX_MESSAGE_SIZE: 'lots' })).toThrow(/--max-message-size \/ DEVMAIL_MAX_MESSAGE_SIZE: .*from DEVMAIL_MAX_MESSAGE_SIZE/);
    expect(() => load(['--smtp-allowed-recipients', '(['])).toThrow(/--smtp-allowed-recipients/);
    expect(() => load(['--no-such-flag'])).toThrow(/unknown option --no-such-flag/);
    expect(() => load(['--smtp'])).toThrow(/--smtp .*needs a value/);
  });

  it('enforces credentials given inline or in a file, and refuses accept-any with them', () => {
    const c = load(['--smtp-auth', 'alice:secret bob:pw'], {});
    expect(c.smtp.auth.acceptAny).toBe(false);
    expect(c.smtp.auth.credentials).toEqual([
      { user: 'alice', secret: 'secret' },
      { user: 'bob', secret: 'pw' },
    ]);
    const f = load(['--smtp-auth-file', '/auth'], {}, { '/auth': '# users\ncarol:$2y$10$abc\n\n' });
    expect(f.smtp.auth.credentials).toEqual([{ user: 'carol', secret: '$2y$10$abc' }]);
    expect(() => load(['--smtp-auth-file', '/nope'])).toThrow(/--smtp-auth-file \/ DEVMAIL_SMTP_AUTH_FILE: cannot read \/nope: ENOENT/);
    expect(() => load(['--smtp-auth', 'a:b', '--smtp-auth-accept-any'])).toThrow(/cannot be combined/);
  });

  it('normalises the webroot and parses sizes and recipient patterns', () => {
    expect(load(['--webroot', 'mail']).http.webroot).toBe('/mail/');
    expect(load(['--webroot', '/a/b/']).http.webroot).toBe('/a/b/');
    expect(load(['--max-message-size', '512K']).smtp.maxMessageBytes).toBe(512 * 1024);
    expect(load(['--smtp-allowed-recipients', '@example\\.com$']).smtp.allowedRecipients?.test('x@EXAMPLE.com')).toBe(true);
  });

  it('returns a frozen object', () => {
    const c = load([]);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.smtp.tls)).toBe(true);
  });

  it('documents every option in --help and in the markdown page', () => {
    const help = formatOptionsHelp();
    const md = formatOptionsMarkdown();
    for (const spec of Object.values(OPTIONS)) {
      expect(help).toContain(`--${spec.flag}`);
      expect(help).toContain(spec.env);
      expect(md).toContain(`\`${spec.env}\``);
    }
  });
});

describe('docs/config.md', () => {
  it('is the page the options table makes (run npm run docs:config after changing an option)', async () => {
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    expect(page).toBe(formatOptionsMarkdown());
  });
});

describe('engine-backed check options', () => {
  const load = (argv: string[]) => loadConfig({ argv, env: {} }).checkEngines;

  it('are off by default, with a 10 s timeout', () => {
    expect(load([])).toEqual({
      spamassassin: null,
      rspamd: null,
      dnsServer: null,
      chromiumPath: null,
      screenshotRemoteContent: false,
      allowInternalHttpRequests: false,
      timeoutMs: 10_000,
    });
    expect(load(['--allow-internal-http-requests']).allowInternalHttpRequests).toBe(true);
  });

  it('take spamd as HOST:PORT, [v6]:PORT, a socket path or unix:path', () => {
    expect(load(['--enable-spamassassin', '127.0.0.1:783']).spamassassin).toEqual({ host: '127.0.0.1', port: 783 });
    expect(load(['--enable-spamassassin', '[::1]:783']).spamassassin).toEqual({ host: '::1', port: 783 });
    expect(load(['--enable-spamassassin', '/run/spamd.sock']).spamassassin).toEqual({ socketPath: '/run/spamd.sock' });
    expect(load(['--enable-spamassassin', 'unix:/run/spamd.sock']).spamassassin).toEqual({ socketPath: '/run/spamd.sock' });
  });

  it('refuse a spamd address without a port, naming the flag and the variable', () => {
    expect(() => load(['--enable-spamassassin', 'localhost'])).toThrow(/--enable-spamassassin \/ DEVMAIL_ENABLE_SPAMASSASSIN: expected HOST:PORT/);
  });

  it('take Rspamd as an http(s) URL only', () => {
    expect(load(['--enable-rspamd', 'http://127.0.0.1:11333']).rspamd?.href).toBe('http://127.0.0.1:11333/');
    expect(() => load(['--enable-rspamd', 'ftp://x'])).toThrow(/--enable-rspamd .*expected an http\(s\) URL/);
  });

  it('take a DNS server with or without a port', () => {
    expect(load(['--dns-server', '127.0.0.1:5353']).dnsServer).toBe('127.0.0.1:5353');
    expect(load(['--dns-server', '10.0.0.2']).dnsServer).toBe('10.0.0.2:53');
    expect(load(['--dns-server', '[::1]:5353']).dnsServer).toBe('[::1]:5353');
  });

  it('refuse a DNS server given by name, as node:dns needs an address', () => {
    expect(() => load(['--dns-server', 'localhost:53'])).toThrow(/--dns-server .*expected IP:PORT of a DNS server/);
  });

  it('refuse a check timeout under 100 ms', () => {
    expect(() => load(['--check-timeout', '10ms'])).toThrow(/--check-timeout .*at least 100ms/);
  });
});

describe('--link-check-timeout', () => {
  it('defaults to 10 s, takes a duration flag or variable, and refuses less than 100ms', () => {
    expect(load([]).http.linkCheckTimeoutMs).toBe(10_000);
    expect(load(['--link-check-timeout', '2s']).http.linkCheckTimeoutMs).toBe(2_000);
    expect(load([], { DEVMAIL_LINK_CHECK_TIMEOUT: '750ms' }).http.linkCheckTimeoutMs).toBe(750);
    expect(() => load(['--link-check-timeout', '50ms'])).toThrow(/link-check-timeout.*at least 100ms/);
  });
});
