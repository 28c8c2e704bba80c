import { afterEach, describe, expect, it, vi } from 'vitest';
import { runConfig } from './config-command.js';

describe('devmail config', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hides the relay password and the webhook secret, and says that they are set', () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const argv = ['--smtp-relay-host', 'smtp.example.com', '--smtp-relay-auth', 'plain', '--smtp-relay-username', 'app', '--smtp-relay-password', 'relay-pass-123', '--webhook-url', 'http://127.0.0.1:4000/h', '--webhook-secret', 'hook-secret-456'];
    expect(runConfig(argv, {})).toBe(0);
    expect(out).not.toMatch(/relay-pass-123|hook-secret-456/);
    const config = JSON.parse(out);
    expect(config.relay.server).toMatchObject({ host: 'smtp.example.com', username: 'app', password: '*hidden*' });
    expect(config.webhooks).toMatchObject({ url: 'http://127.0.0.1:4000/h', secret: '*hidden*' });
  });

  it('hides the password of the Rspamd and webhook URLs, keeping the rest of them', () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const argv = ['--enable-rspamd', 'http://scanner:rspamd-pw-789@127.0.0.1:11333/', '--webhook-url', 'http://hook:hook-pw-321@127.0.0.1:4000/h'];
    expect(runConfig(argv, {})).toBe(0);
    expect(out).not.toMatch(/rspamd-pw-789|hook-pw-321/);
    const config = JSON.parse(out);
    expect(config.checkEngines.rspamd).toBe('http://scanner:*hidden*@127.0.0.1:11333/');
    expect(config.webhooks.url).toBe('http://hook:*hidden*@127.0.0.1:4000/h');
  });

  it('prints a URL without credentials as it is', () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    expect(runConfig(['--enable-rspamd', 'http://127.0.0.1:11333'], {})).toBe(0);
    expect(JSON.parse(out).checkEngines.rspamd).toBe('http://127.0.0.1:11333/');
  });
});
