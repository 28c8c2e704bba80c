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
});
