import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { startTestServer, type TestServer } from './harness.js';

interface Line {
  Ms: number;
  Source: 'client' | 'server' | 'event';
  Text: string;
}
interface Session {
  ID: string;
  Ended: string | null;
  ClientIP: string;
  Helo: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  MessageIDs: string[];
  Messages: number;
  EndReason: string;
  Transcript: Line[];
}

const defer = deferAfterEach();

async function start(argv: string[] = []): Promise<TestServer> {
  const server = await startTestServer(argv);
  defer(() => server.close());
  return server;
}

function transport(server: TestServer, options: Record<string, unknown> = {}) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true, ...options });
  defer(() => t.close());
  return t;
}

async function getJson<T>(server: TestServer, path: string): Promise<T> {
  const res = await fetch(server.api(path));
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** The session once the server has seen it close (the client's QUIT or close may still be in flight). */
async function closedSession(server: TestServer, id: string): Promise<Session> {
  for (let i = 0; i < 100; i++) {
    const s = await getJson<Session>(server, `/api/v1/sessions/${id}`);
    if (s.Ended !== null) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} did not end`);
}

/** A raw connection once its first reply line has arrived, and a promise of its close. */
async function greeted(server: TestServer): Promise<{ socket: Socket; firstLine: string; closed: Promise<void> }> {
  const socket = connect(server.urls.smtp.port, '127.0.0.1');
  defer(() => socket.destroy());
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('error', () => {});
  let text = '';
  const firstLine = await new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n');
      if (end !== -1) resolve(text.slice(0, end));
    });
    socket.once('close', () => reject(new Error(`closed before a reply: ${JSON.stringify(text)}`)));
  });
  return { socket, firstLine, closed };
}

const mail = { from: 'app@example.test', to: 'someone@example.test', subject: 'session', text: 'hello' };

describe('the SMTP session log', () => {
  it("links a message to its session's transcript: commands, replies, events, how it ended", async () => {
    const server = await start();
    const info = await transport(server).sendMail(mail);
    const id = /queued as (\S+)/.exec(info.response)![1];
    const message = await getJson<{ ID: string; SessionID: string }>(server, `/api/v1/message/${id}`);
    expect(message.SessionID).toMatch(/^[0-9a-f]{8}$/);

    const session = await closedSession(server, message.SessionID);
    expect(session).toMatchObject({ ID: message.SessionID, ClientIP: '127.0.0.1', MessageIDs: [id], Messages: 1, TLS: null, AuthUser: '' });
    // nodemailer without a pool closes the connection after the message, without QUIT.
    expect(session.EndReason).toBe('client closed the connection');
    const lines = session.Transcript.map((l) => `${l.Source}: ${l.Text}`);
    expect(lines[0]).toBe('server: 220 devmail ESMTP devmail');
    expect(lines).toContain(`client: EHLO ${session.Helo}`);
    expect(lines).toContain('client: MAIL FROM:<app@example.test>');
    expect(lines).toContain('client: RCPT TO:<someone@example.test>');
    expect(lines).toContain('server: 354 End data with <CR><LF>.<CR><LF>');
    expect(lines.some((l) => /^event: message data: \d+ bytes$/.test(l))).toBe(true);
    expect(lines).toContain(`server: 250 2.0.0 Ok: queued as ${id}`);
    expect(lines.at(-1)).toBe(`server: 250 2.0.0 Ok: queued as ${id}`);
    const times = session.Transcript.map((l) => l.Ms);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const list = await getJson<{ total: number; sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.total).toBe(1);
    expect(list.sessions[0]).toMatchObject({ ID: session.ID, MessageIDs: [id], Messages: 1 });
    expect(list.sessions[0]).not.toHaveProperty('Transcript');
  });

  it('keeps the first and last 100 message IDs of a connection that sends many, and counts them all', async () => {
    const server = await start();
    const pooled = transport(server, { pool: true, maxConnections: 1, maxMessages: Infinity });
    const ids: string[] = [];
    for (let i = 0; i < 230; i++) {
      const info = await pooled.sendMail({ ...mail, subject: `many ${i}` });
      ids.push(/queued as (\S+)/.exec(info.response)![1]);
    }
    const message = await getJson<{ SessionID: string }>(server, `/api/v1/message/${ids[0]}`);
    const session = await getJson<Session>(server, `/api/v1/sessions/${message.SessionID}`);
    expect(session.Messages).toBe(230);
    expect(session.MessageIDs).toEqual([...ids.slice(0, 100), ...ids.slice(130)]);
    const list = await getJson<{ sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.sessions.find((s) => s.ID === session.ID)).toMatchObject({ Messages: 230, MessageIDs: session.MessageIDs });
  });

  it('records AUTH with the user and the secrets hidden, failed AUTH included', async () => {
    const server = await start(['--smtp-auth', 'app:s3cret-Passw0rd', '--smtp-auth-allow-insecure']);
    await transport(server, { auth: { user: 'app', pass: 's3cret-Passw0rd' } }).sendMail(mail);
    await expect(transport(server, { auth: { user: 'app', pass: 'wrong-Passw0rd' } }).sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
    const list = await getJson<{ sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.sessions).toHaveLength(2);
    const [failed, ok] = await Promise.all(list.sessions.map((s) => closedSession(server, s.ID)));
    expect(ok.AuthUser).toBe('app');
    expect(ok.Transcript.map((l) => l.Text)).toContain('authenticated as "app"');
    expect(failed).toMatchObject({ AuthUser: '', MessageIDs: [] });
    expect(failed.Transcript.map((l) => l.Text)).toContain('authentication failed for user "app"');
    expect(failed.Transcript.map((l) => l.Text)).toContain('535 5.7.8 Authentication credentials invalid');
    for (const session of [ok, failed]) {
      const text = JSON.stringify(session);
      expect(text).toContain('AUTH PLAIN *hidden*');
      for (const secret of ['s3cret-Passw0rd', 'wrong-Passw0rd']) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(`\0app\0${secret}`).toString('base64'));
      }
    }
  });

  it('keeps sessions that ended without a message: a refused recipient, a chaos delay, a drop', async () => {
    const server = await start();
    const rule = async (body: unknown) => {
      const res = await fetch(server.api('/api/v1/chaos/rules'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
    };
    await rule({ Stage: 'mail', Action: { Type: 'delay', Ms: 300 } });
    await rule({ Stage: 'rcpt', Match: { Recipient: '*@bounce.test' }, Action: { Type: 'reply', Code: 550, EnhancedCode: '5.1.1', Text: 'No such user' } });
    await rule({ Stage: 'data', Match: { Sender: 'drop@*' }, Action: { Type: 'drop' } });
    await expect(transport(server).sendMail({ ...mail, to: 'gone@bounce.test' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(transport(server).sendMail({ ...mail, from: 'drop@example.test' })).rejects.toMatchObject({ code: 'ECONNECTION' });

    const list = await getJson<{ total: number; sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.total).toBe(2);
    const [dropped, refused] = await Promise.all(list.sessions.map((s) => closedSession(server, s.ID)));
    expect(refused.MessageIDs).toEqual([]);
    expect(refused.Transcript.map((l) => l.Text)).toContain('550 5.1.1 No such user');
    const mailAt = refused.Transcript.find((l) => l.Text.startsWith('MAIL FROM'))!.Ms;
    const mailReply = refused.Transcript.find((l) => l.Source === 'server' && l.Ms >= mailAt)!;
    expect(mailReply.Text).toBe('250 2.1.0 Ok');
    expect(mailReply.Ms - mailAt).toBeGreaterThanOrEqual(299);
    expect(dropped).toMatchObject({ MessageIDs: [], EndReason: 'dropped by the server without a reply' });
    expect(dropped.Transcript.at(-1)).toMatchObject({ Source: 'client', Text: 'DATA' });
  });

  it('records the TLS version after STARTTLS', async () => {
    const server = await start();
    await transport(server, { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } }).sendMail(mail);
    const [summary] = (await getJson<{ sessions: Session[] }>(server, '/api/v1/sessions')).sessions;
    expect(summary.TLS?.Protocol).toMatch(/^TLSv1\.[23]$/);
    const session = await closedSession(server, summary.ID);
    expect(session.Transcript.map((l) => l.Text)).toContain(`TLS established: ${summary.TLS!.Protocol} ${summary.TLS!.Cipher}`);
  });

  it('keeps only the newest --smtp-session-log sessions, newest first, paged', async () => {
    const server = await start(['--smtp-session-log', '2']);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const info = await transport(server).sendMail(mail);
      const id = /queued as (\S+)/.exec(info.response)![1];
      ids.push((await getJson<{ SessionID: string }>(server, `/api/v1/message/${id}`)).SessionID);
    }
    const list = await getJson<{ total: number; count: number; sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.total).toBe(2);
    expect(list.sessions.map((s) => s.ID)).toEqual([ids[2], ids[1]]);
    expect((await getJson<{ sessions: Session[] }>(server, '/api/v1/sessions?start=1&limit=1')).sessions.map((s) => s.ID)).toEqual([ids[1]]);
    const gone = await fetch(server.api(`/api/v1/sessions/${ids[0]}`));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ Error: 'session not found' });
  });

  it('records a connection refused past --smtp-max-connections with its 421', async () => {
    const server = await start(['--smtp-max-connections', '2']);
    const held = [await greeted(server), await greeted(server)];
    const extra = await greeted(server);
    expect(extra.firstLine).toBe('421 4.7.0 devmail Too many connections, try again later');
    await extra.closed;

    const list = await getJson<{ sessions: Session[] }>(server, '/api/v1/sessions');
    expect(list.sessions).toHaveLength(3);
    const refused = list.sessions.find((s) => s.ClientIP === '127.0.0.1' && s.EndReason.startsWith('refused'));
    expect(refused).toBeDefined();
    const session = await closedSession(server, refused!.ID);
    expect(session).toMatchObject({ MessageIDs: [], Helo: '', TLS: null, AuthUser: '' });
    expect(session.EndReason).toBe('refused: too many connections (--smtp-max-connections 2)');
    expect(session.Transcript.map((l) => `${l.Source}: ${l.Text}`)).toEqual(['server: 421 4.7.0 devmail Too many connections, try again later']);
    // The two held sessions are still open, and the refusal did not count towards the cap.
    expect(list.sessions.filter((s) => s.Ended === null)).toHaveLength(2);
    for (const h of held) h.socket.destroy();
  });

  it('gives messages that did not come over SMTP an empty SessionID', async () => {
    const server = await start();
    const res = await fetch(server.api('/api/v1/send'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ From: { Email: 'a@x.test' }, To: [{ Email: 'b@x.test' }], Subject: 'api', Text: 'x' }),
    });
    const { ID } = (await res.json()) as { ID: string };
    expect((await getJson<{ SessionID: string }>(server, `/api/v1/message/${ID}`)).SessionID).toBe('');
    expect((await getJson<{ total: number }>(server, '/api/v1/sessions')).total).toBe(0);
  });
});
