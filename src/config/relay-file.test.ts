import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

const load = (argv: string[], files: Record<string, string> = {}) =>
  loadConfig({
    argv,
    env: {},
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[p];
    },
  });

describe('relay configuration', () => {
  it('is off by default, with no rules', () => {
    const { relay, webhooks } = load([]);
    expect(relay.server).toBeNull();
    expect(relay).toMatchObject({ relayAll: false, relayMatching: null, relayQuery: '', forwardTo: [] });
    expect(relay.retry).toEqual({ minDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 });
    expect(webhooks).toMatchObject({ url: '', secret: '', limitPerSecond: 5 });
  });

  it('reads the server and policy from flags', () => {
    const { relay } = load(['--smtp-relay-host', 'smtp.example.com', '--smtp-relay-port', '587', '--smtp-relay-starttls', '--smtp-relay-auth', 'login', '--smtp-relay-username', 'u', '--smtp-relay-password', 'p', '--smtp-relay-allowed-recipients', '@example\\.com$', '--smtp-forward-to', 'a@example.com,b@example.com']);
    expect(relay.server).toEqual({ host: 'smtp.example.com', port: 587, startTls: true, tls: false, allowInsecure: false, auth: 'login', username: 'u', password: 'p' });
    expect(relay.allowedRecipients?.test('x@EXAMPLE.com')).toBe(true);
    expect(relay.forwardTo).toEqual(['a@example.com', 'b@example.com']);
  });

  it("reads Mailpit's YAML relay file", () => {
    const yaml = [
      'host: smtp.example.com',
      'port: 465',
      'tls: true',
      'allow-insecure: true',
      'username: user',
      'password: "pa:ss"',
      'return-path: bounces@example.com',
      'override-from: noreply@example.com',
      "allowed-recipients: '@example\\.com$'",
      "blocked-recipients: '^ceo@'",
      'preserve-message-ids: true',
    ].join('\n');
    const { relay } = load(['--smtp-relay-config', 'relay.yml'], { 'relay.yml': yaml });
    expect(relay.server).toEqual({ host: 'smtp.example.com', port: 465, startTls: false, tls: true, allowInsecure: true, auth: 'plain', username: 'user', password: 'pa:ss' });
    expect(relay).toMatchObject({ returnPath: 'bounces@example.com', overrideFrom: 'noreply@example.com', preserveMessageIds: true });
    expect(relay.blockedRecipients?.test('ceo@example.com')).toBe(true);
  });

  it('takes a policy the file leaves out from its flag', () => {
    const { relay } = load(['--smtp-relay-config', 'relay.yml', '--smtp-relay-return-path', 'flag@example.com', '--smtp-relay-blocked-recipients', '^x@'], { 'relay.yml': 'host: h\nreturn-path: file@example.com\n' });
    expect(relay.returnPath).toBe('file@example.com');
    expect(relay.blockedRecipients?.source).toBe('^x@');
  });

  it('stops on a bad relay set-up with a message naming the flag', () => {
    expect(() => load(['--smtp-relay-config', 'r.yml'], { 'r.yml': 'host: a\nprot: 25\n' })).toThrow('--smtp-relay-config / DEVMAIL_SMTP_RELAY_CONFIG: r.yml: unknown key "prot"');
    expect(() => load(['--smtp-relay-config', 'r.yml'], { 'r.yml': 'port: 25\n' })).toThrow('"host" is required');
    expect(() => load(['--smtp-relay-config', 'missing.yml'])).toThrow('cannot read missing.yml: ENOENT');
    expect(() => load(['--smtp-relay-all'])).toThrow('--smtp-relay-host / DEVMAIL_SMTP_RELAY_HOST: is needed by --smtp-relay-all');
    expect(() => load(['--smtp-relay-host', 'h', '--smtp-relay-tls', '--smtp-relay-starttls'])).toThrow('pick one');
    expect(() => load(['--smtp-relay-host', 'h', '--smtp-relay-port', '0'])).toThrow('--smtp-relay-port');
    expect(() => load(['--webhook-url', 'ftp://x'])).toThrow('must be an http:// or https:// URL');
  });
});
