import { afterEach, describe, expect, it } from 'vitest';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { closedPort, startSilentHttpServer } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/rspamd-check against the real Rspamd that scripts/test-services.sh
 * starts (normal worker on 127.0.0.1:11333), and against an Rspamd that is off, down or hung.
 */

const RSPAMD = 'http://127.0.0.1:11333';

interface RspamdResult {
  IsSpam: boolean;
  Score: number;
  RequiredScore: number;
  Action: string;
  Symbols: Array<{ Name: string; Score: number; Description: string; Options: string[] }>;
  Error: string;
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function rspamdCheck(id: string): Promise<{ status: number; body: RspamdResult }> {
  const res = await fetch(server!.api(`/api/v1/message/${id}/rspamd-check`));
  return { status: res.status, body: (await res.json()) as RspamdResult };
}

describe.skipIf(!hasService('rspamd'))('rspamd-check with a real Rspamd', () => {
  it('rejects the GTUBE message as spam', async () => {
    server = await startTestServer(['--enable-rspamd', RSPAMD]);
    const id = await sendRaw(server, fixture('spam-gtube.eml'), { from: 'deals@offers.example.test', to: ['victim@example.test'] });
    const { status, body } = await rspamdCheck(id);
    expect(status).toBe(200);
    expect(body.IsSpam).toBe(true);
    expect(body.Action).toBe('reject');
    expect(body.Score).toBeGreaterThanOrEqual(body.RequiredScore);
    expect(body.Symbols.map((s) => s.Name)).toContain('GTUBE');
    expect(body.Error).toBe('');
  });

  it('passes a plain personal note with no action, judging it with the SMTP envelope', async () => {
    server = await startTestServer(['--enable-rspamd', RSPAMD]);
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
    const { status, body } = await rspamdCheck(id);
    expect(status).toBe(200);
    expect(body.IsSpam).toBe(false);
    expect(body.Action).toBe('no action');
    expect(body.Score).toBeLessThan(body.RequiredScore);
    const names = body.Symbols.map((s) => s.Name);
    // Rspamd compared the envelope (From, Rcpt headers of /checkv2) with the message's headers.
    expect(names).toContain('FROM_EQ_ENVFROM');
    expect(names).toContain('TO_MATCH_ENVRCPT_ALL');
    const described = body.Symbols.find((s) => s.Name === 'FROM_EQ_ENVFROM');
    expect(described?.Description).toMatch(/envelope/i);
    // Highest score first.
    const scores = body.Symbols.map((s) => s.Score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('scans a message whose envelope sender is internationalised (SMTPUTF8)', async () => {
    // node:http refuses header characters past U+00FF; the sender goes as its UTF-8 bytes.
    server = await startTestServer(['--enable-rspamd', RSPAMD]);
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'анна@пример.test', to: ['bob@example.test'] });
    const { status, body } = await rspamdCheck(id);
    expect(status).toBe(200);
    expect(body.Symbols.length).toBeGreaterThan(0);
  });

  it('sees a mismatched envelope sender', async () => {
    server = await startTestServer(['--enable-rspamd', RSPAMD]);
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'bounce-123@mailer.example.test', to: ['bob@example.test'] });
    const { body } = await rspamdCheck(id);
    expect(body.Symbols.map((s) => s.Name)).not.toContain('FROM_EQ_ENVFROM');
    expect(body.Symbols.map((s) => s.Name)).toContain('FROM_NEQ_ENVFROM');
  });
});

describe('rspamd-check when Rspamd is off, down or hung', () => {
  it('answers 404 naming the flag when Rspamd is not enabled', async () => {
    server = await startTestServer();
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
    const { status, body } = await rspamdCheck(id);
    expect(status).toBe(404);
    expect(body.Error).toMatch(/--enable-rspamd/);
  });

  it('answers 503 when nothing listens at the URL', async () => {
    const port = await closedPort();
    server = await startTestServer(['--enable-rspamd', `http://127.0.0.1:${port}`]);
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
    const { status, body } = await rspamdCheck(id);
    expect(status).toBe(503);
    expect(body.Error).toBe(`Rspamd at http://127.0.0.1:${port} cannot be reached: ECONNREFUSED`);
  });

  it('answers 504 within the timeout when Rspamd takes the request and never answers', async () => {
    const hung = await startSilentHttpServer();
    try {
      server = await startTestServer(['--enable-rspamd', `http://127.0.0.1:${hung.port}`, '--check-timeout', '1500ms']);
      const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
      const { status, body } = await rspamdCheck(id);
      expect(status).toBe(504);
      expect(body.Error).toBe(`Rspamd at http://127.0.0.1:${hung.port} did not answer within 1.5s`);
      expect(hung.accepted()).toBe(1);
      // The API keeps serving.
      expect((await fetch(server.api('/api/v1/messages'))).status).toBe(200);
    } finally {
      await hung.close();
    }
  });

  it('answers 502 when the URL is not Rspamd', async () => {
    // devmail's own API: an HTTP error for POST /checkv2.
    const other = await startTestServer();
    try {
      server = await startTestServer(['--enable-rspamd', other.urls.http]);
      const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
      const { status, body } = await rspamdCheck(id);
      expect(status).toBe(502);
      expect(body.Error).toMatch(/^Rspamd at http:\/\/127\.0\.0\.1:\d+ failed: HTTP 4\d\d /);
    } finally {
      await other.close();
    }
  });
});
