import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The live feed at /api/events with a real WebSocket client: Mailpit's `{Type, Data}` frames
 * for new mail, read state, tags, deletions and the counts.
 */

interface Frame {
  Type: string;
  // Asserted per frame type.
  Data: any;
}

/** A connected client that keeps every frame and can wait for the next one that matches. */
class LiveClient {
  readonly frames: Frame[] = [];
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
  }

  static async connect(server: TestServer): Promise<LiveClient> {
    const ws = new WebSocket(server.api('/api/events').replace(/^http/, 'ws'));
    // Listen before 'open': the first frame can arrive in the same packet as the upgrade answer.
    const client = new LiveClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** The next frame (from now on) of `type` that satisfies `match`. */
  next(type: string, match: (data: Frame['Data']) => boolean = () => true): Promise<Frame> {
    return new Promise((resolve) => {
      this.waiters.push({ match: (f) => f.Type === type && match(f.Data), resolve });
    });
  }

  /** The first frame of `type` received so far, or else the next one. */
  first(type: string): Promise<Frame> {
    const seen = this.frames.find((f) => f.Type === type);
    return seen ? Promise.resolve(seen) : this.next(type);
  }

  close(): void {
    this.ws.close();
  }
}

let server: TestServer;
let client: LiveClient;

beforeEach(async () => {
  server = await startTestServer();
  client = await LiveClient.connect(server);
});
afterEach(async () => {
  client.close();
  await server.close();
});

async function send(subject: string): Promise<string> {
  const res = await fetch(server.api('/api/v1/send'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ From: { Email: 'app@example.test', Name: 'App' }, To: [{ Email: 'user@example.test' }], Subject: subject, Text: 'hello' }),
  });
  return ((await res.json()) as { ID: string }).ID;
}

describe('live events', () => {
  it('sends the counts to a client as soon as it connects', async () => {
    const other = await LiveClient.connect(server);
    try {
      const stats = await other.first('stats');
      expect(stats.Data).toEqual({ Total: 0, Unread: 0, Version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    } finally {
      other.close();
    }
  });

  it('pushes new with the Mailpit summary, then stats, when a message arrives over SMTP', async () => {
    const created = client.next('new');
    const stats = client.next('stats', (d) => d.Total === 1);
    const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, tls: { rejectUnauthorized: false } });
    try {
      await transport.sendMail({ from: '"App" <app@example.test>', to: 'user@example.test', subject: 'Welcome aboard', text: 'hello' });
    } finally {
      transport.close();
    }
    const frame = await created;
    const listed = (await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string }> };
    expect(frame.Data).toMatchObject({
      ID: listed.messages[0].ID,
      Read: false,
      From: { Name: 'App', Address: 'app@example.test' },
      To: [{ Name: '', Address: 'user@example.test' }],
      Subject: 'Welcome aboard',
      Tags: [],
      Attachments: 0,
      Snippet: 'hello',
    });
    expect((await stats).Data).toMatchObject({ Total: 1, Unread: 1 });
  });

  it('pushes update with Read when a message is opened, and the new unread count', async () => {
    const id = await send('Open me');
    await client.next('stats', (d) => d.Unread === 1);
    const update = client.next('update');
    const stats = client.next('stats', (d) => d.Unread === 0);
    await fetch(server.api(`/api/v1/message/${id}`));
    expect((await update).Data).toEqual({ ID: id, Read: true });
    expect((await stats).Data).toMatchObject({ Total: 1, Unread: 0 });
  });

  it('pushes update with Tags when tags change', async () => {
    const id = await send('Tag me');
    const update = client.next('update', (d) => 'Tags' in d);
    await fetch(server.api('/api/v1/tags'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IDs: [id], Tags: ['vip'] }),
    });
    expect((await update).Data).toEqual({ ID: id, Tags: ['vip'] });
  });

  it('pushes delete for each deleted message and truncate when all are deleted', async () => {
    const a = await send('A');
    await send('B');
    await client.next('stats', (d) => d.Total === 2);
    const deleted = client.next('delete');
    await fetch(server.api('/api/v1/messages'), {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IDs: [a] }),
    });
    expect((await deleted).Data).toEqual({ ID: a });
    await client.next('stats', (d) => d.Total === 1);

    const truncated = client.next('truncate');
    const empty = client.next('stats', (d) => d.Total === 0);
    await fetch(server.api('/api/v1/messages'), { method: 'DELETE' });
    expect((await truncated).Data).toBeNull();
    expect((await empty).Data).toMatchObject({ Total: 0, Unread: 0 });
  });
});
