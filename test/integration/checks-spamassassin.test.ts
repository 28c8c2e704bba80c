import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailpitClient } from 'mailpit-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { closedPort, startSilentTcpServer } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/sa-check against the real spamd that scripts/test-services.sh
 * starts on 127.0.0.1:783, in Mailpit's response shape; and against engines that are off,
 * down, hung or not spamd at all.
 */

const SPAMD = '127.0.0.1:783';
const envelope = { from: 'deals@offers.example.test', to: ['victim@example.test'] };

interface SaResult {
  IsSpam: boolean;
  Score: number;
  Rules: Array<{ Name: string; Score: number; Description: string }>;
  Error: string;
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function saCheck(id: string): Promise<{ status: number; body: SaResult & { Error: string } }> {
  const res = await fetch(server!.api(`/api/v1/message/${id}/sa-check`));
  return { status: res.status, body: (await res.json()) as SaResult };
}

describe.skipIf(!hasService('spamassassin'))('sa-check with a real spamd', () => {
  it('sends at most 500 KB of a large message and says so in Error', async () => {
    server = await startTestServer(['--enable-spamassassin', SPAMD]);
    const gtube = fixture('spam-gtube.eml').toString();
    const filler = `${'lorem ipsum dolor sit amet '.repeat(3)}\r\n`.repeat(8_000); // about 650 KB of text
    // GTUBE first: within what spamd gets, so it still scores as spam.
    const early = await sendRaw(server, gtube.replace('filter scores this line as spam:', `filter scores this line as spam:\r\n${filler.slice(0, 1000)}`) + filler, envelope);
    const first = await saCheck(early);
    expect(first.status).toBe(200);
    expect(first.body.IsSpam).toBe(true);
    expect(first.body.Error).toMatch(/^message truncated for spamd: scored its first \d+ of \d+ bytes \(limit 500 KB/);
    // GTUBE past 500 KB: spamd never sees it, which shows that the message was cut.
    const [head, tail] = gtube.split('XJS*C4JDBQADN1');
    const late = await sendRaw(server, `${head}${filler}XJS*C4JDBQADN1${tail}`, envelope);
    const second = await saCheck(late);
    expect(second.status).toBe(200);
    expect(second.body.Rules.map((r) => r.Name)).not.toContain('GTUBE');
    expect(second.body.Error).toMatch(/^message truncated for spamd/);
  });

  it('scores the GTUBE message as spam, listing the GTUBE rule with its description', async () => {
    server = await startTestServer(['--enable-spamassassin', SPAMD]);
    const id = await sendRaw(server, fixture('spam-gtube.eml'), envelope);
    const { status, body } = await saCheck(id);
    expect(status).toBe(200);
    expect(body.IsSpam).toBe(true);
    expect(body.Score).toBeGreaterThanOrEqual(100);
    expect(body.Error).toBe('');
    const gtube = body.Rules.find((r) => r.Name === 'GTUBE');
    expect(gtube?.Score).toBeGreaterThanOrEqual(100);
    expect(gtube?.Description).toMatch(/GTUBE|Generic Test/i);
    // Score is the total, to one decimal.
    expect(Math.round(body.Score * 10) / 10).toBe(body.Score);
  });

  it('does not flag a plain personal note, and answers the same result again from the cache', async () => {
    server = await startTestServer(['--enable-spamassassin', SPAMD]);
    const id = await sendRaw(server, fixture('clean-note.eml'), { from: 'ann@example.test', to: ['bob@example.test'] });
    const first = await saCheck(id);
    expect(first.status).toBe(200);
    expect(first.body.IsSpam).toBe(false);
    expect(first.body.Score).toBeLessThan(5);
    expect(first.body.Rules.every((r) => typeof r.Name === 'string' && typeof r.Description === 'string')).toBe(true);
    expect((await saCheck(id)).body).toEqual(first.body);
  });

  it('answers the mailpit-api client, with "latest" as the ID', async () => {
    server = await startTestServer(['--enable-spamassassin', SPAMD]);
    await sendRaw(server, fixture('spam-gtube.eml'), envelope);
    const result = await new MailpitClient(server.urls.http).spamAssassinCheck('latest');
    expect(result.IsSpam).toBe(true);
    expect(result.Rules?.some((r) => r.Name === 'GTUBE')).toBe(true);
  });

  describe('over a Unix socket', () => {
    let dir: string;
    let relay: Server;
    beforeAll(async () => {
      // spamd runs on TCP; a socket relay in front of it lets the client speak over a Unix socket.
      dir = mkdtempSync(join(tmpdir(), 'devmail-spamd-'));
      relay = createServer((client) => {
        const upstream = connect(783, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((resolve) => relay.listen(join(dir, 'spamd.sock'), resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });

    it('scores GTUBE as spam through --enable-spamassassin /path/to/socket', async () => {
      server = await startTestServer(['--enable-spamassassin', join(dir, 'spamd.sock')]);
      const id = await sendRaw(server, fixture('spam-gtube.eml'), envelope);
      const { status, body } = await saCheck(id);
      expect(status).toBe(200);
      expect(body.IsSpam).toBe(true);
    });
  });
});

describe('sa-check when spamd is off, down, hung or not spamd', () => {
  it('answers 404 naming the flag when SpamAssassin is not enabled, as Mailpit has no route then', async () => {
    server = await startTestServer();
    const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
    const { status, body } = await saCheck(id);
    expect(status).toBe(404);
    expect(body.Error).toMatch(/--enable-spamassassin/);
  });

  it('answers 404 for a message that does not exist', async () => {
    server = await startTestServer(['--enable-spamassassin', SPAMD]);
    const { status, body } = await saCheck('no-such-id');
    expect(status).toBe(404);
    expect(body.Error).toMatch(/message not found/);
  });

  it('answers 503 when nothing listens at the spamd address', async () => {
    const port = await closedPort();
    server = await startTestServer(['--enable-spamassassin', `127.0.0.1:${port}`]);
    const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
    const { status, body } = await saCheck(id);
    expect(status).toBe(503);
    expect(body.Error).toBe(`spamd at 127.0.0.1:${port} cannot be reached: ECONNREFUSED`);
  });

  it('answers 503 when the socket path does not exist', async () => {
    server = await startTestServer(['--enable-spamassassin', 'unix:/nonexistent/devmail-spamd.sock']);
    const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
    const { status, body } = await saCheck(id);
    expect(status).toBe(503);
    expect(body.Error).toMatch(/cannot be reached: ENOENT/);
  });

  it('answers 504 within the timeout when spamd accepts and never answers, while SMTP keeps taking mail', async () => {
    const hung = await startSilentTcpServer();
    try {
      server = await startTestServer(['--enable-spamassassin', `127.0.0.1:${hung.port}`, '--check-timeout', '3s']);
      const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
      const order: string[] = [];
      const check = saCheck(id).then((r) => {
        order.push('check');
        return r;
      });
      // Ingest does not wait on checks: a message sent while spamd hangs is stored at once.
      const second = await sendRaw(server, fixture('spam-gtube.eml'), envelope);
      order.push('smtp');
      const listed = (await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string }> };
      expect(listed.messages.map((m) => m.ID)).toContain(second);
      const { status, body } = await check;
      expect(order).toEqual(['smtp', 'check']);
      expect(status).toBe(504);
      expect(body.Error).toBe(`spamd at 127.0.0.1:${hung.port} did not answer within 3s`);
      expect(hung.accepted()).toBe(1);
      // A failure is not cached: the next request asks spamd again.
      expect((await saCheck(id)).status).toBe(504);
      expect(hung.accepted()).toBe(2);
    } finally {
      await hung.close();
    }
  });

  it('asks spamd once for concurrent requests about the same message', async () => {
    const hung = await startSilentTcpServer();
    try {
      server = await startTestServer(['--enable-spamassassin', `127.0.0.1:${hung.port}`, '--check-timeout', '2s']);
      const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
      const answers = await Promise.all([saCheck(id), saCheck(id), saCheck('latest')]);
      expect(answers.map((a) => a.status)).toEqual([504, 504, 504]);
      expect(hung.accepted()).toBe(1);
    } finally {
      await hung.close();
    }
  });

  it('answers 502 when the address speaks something other than spamd', async () => {
    const fake = createServer((socket) => {
      socket.on('error', () => undefined);
      // Read (and drop) what the client sends, so its close is seen and fake.close() can finish.
      socket.resume();
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = fake.address() as { port: number };
      server = await startTestServer(['--enable-spamassassin', `127.0.0.1:${port}`]);
      const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
      const { status, body } = await saCheck(id);
      expect(status).toBe(502);
      expect(body.Error).toBe(`spamd at 127.0.0.1:${port} failed: not a spamd answer: "HTTP/1.1 400 Bad Request"`);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});

describe("/api/v1/webui's SpamAssassin flag", () => {
  it('says whether --enable-spamassassin is set (the address is not contacted for it)', async () => {
    server = await startTestServer();
    expect(((await (await fetch(server.api('/api/v1/webui'))).json()) as { SpamAssassin: boolean }).SpamAssassin).toBe(false);
    await server.close();
    server = await startTestServer(['--enable-spamassassin', `127.0.0.1:${await closedPort()}`]);
    expect(((await (await fetch(server.api('/api/v1/webui'))).json()) as { SpamAssassin: boolean }).SpamAssassin).toBe(true);
  });
});
