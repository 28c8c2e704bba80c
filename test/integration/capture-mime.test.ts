import { readFileSync } from 'node:fs';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/** Sends raw bytes over SMTP with nodemailer and returns the ID from the 250 reply. */
async function sendRaw(raw: Buffer, envelope: { from: string; to: string[] }): Promise<string> {
  const transport = nodemailer.createTransport({ host: server.urls.smtp.host, port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope, raw });
    const id = /queued as (\S+)/.exec(info.response)?.[1];
    if (!id) throw new Error(`no ID in "${info.response}"`);
    return id;
  } finally {
    transport.close();
  }
}

/**
 * Speaks SMTP over a raw socket with bare LF line ends throughout, as some scripts do, and
 * returns the ID from the final 250. Dot-stuffs as RFC 5321 4.5.2 asks of a client.
 */
async function sendBareLf(raw: Buffer, from: string, to: string): Promise<string> {
  const socket = net.connect(server.urls.smtp.port, server.urls.smtp.host);
  socket.setEncoding('utf8');
  let buffered = '';
  socket.on('data', (chunk: string) => (buffered += chunk));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 500 && !pattern.test(buffered); i++) await new Promise((r) => setTimeout(r, 10));
    const match = pattern.exec(buffered);
    if (!match) throw new Error(`no ${pattern} in ${JSON.stringify(buffered)}`);
    buffered = buffered.slice(match.index + match[0].length);
    return match;
  };
  try {
    await waitFor(/^220 [^\n]*\n/m);
    socket.write(`EHLO lf.test\nMAIL FROM:<${from}>\nRCPT TO:<${to}>\nDATA\n`);
    await waitFor(/^354 [^\n]*\n/m);
    const body = raw.toString('utf8').replace(/^\./gm, '..');
    socket.write(`${body.endsWith('\n') ? body : `${body}\n`}.\n`);
    const queued = await waitFor(/^250 2\.0\.0 Ok: queued as (\S+)\r?\n/m);
    socket.write('QUIT\n');
    return queued[1];
  } finally {
    socket.end();
  }
}

async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(server.api(path));
  return { status: res.status, body: await res.json() };
}

describe('capturing real messages over SMTP', () => {
  it('stores a multipart message with inline and attached parts, tags, and shows it at once', async () => {
    const id = await sendRaw(fixture('welcome-html.eml'), { from: 'ann@example.com', to: ['bob@example.com', 'audit+billing@example.com'] });
    const { status, body } = await getJson(`/api/v1/message/${id}`);
    expect(status).toBe(200);
    expect(body.Subject).toBe('Hello 👋\u00a0wörld');
    expect(body.From).toEqual({ Name: 'Ann Example', Address: 'ann@example.com' });
    expect(body.Bcc).toEqual([{ Name: '', Address: 'audit+billing@example.com' }]);
    expect(body.ReturnPath).toBe('ann@example.com');
    expect(body.Tags).toEqual(expect.arrayContaining(['signup', 'welcome', 'billing']));
    expect(body.Text).toContain('Your code is 482913');
    expect(body.HTML).toContain('<b>Ann</b>');
    expect(body.Inline.map((p: any) => p.FileName)).toEqual(['logo.png']);
    expect(body.Attachments.map((p: any) => p.FileName)).toEqual(['invoice.pdf']);

    const list = await getJson('/api/v1/search?query=' + encodeURIComponent('has:attachment tag:billing 482913'));
    expect(list.body.messages.map((m: any) => m.ID)).toContain(id);
    const summary = list.body.messages.find((m: any) => m.ID === id);
    expect(summary.Attachments).toBe(1);
    expect(summary.Snippet).toMatch(/^Welcome aboard, Ann!/);
  });

  it('keeps and shows a message whose MIME structure is broken', async () => {
    const original = fixture('broken-multipart.eml');
    const id = await sendRaw(original, { from: 'broken@example.com', to: ['x@example.com'] });
    const { status, body } = await getJson(`/api/v1/message/${id}`);
    expect(status).toBe(200);
    expect(body.Subject).toBe('broken mime');
    expect(body.Text + body.HTML).toContain('visible text in a broken message');
    const raw = Buffer.from(await (await fetch(server.api(`/api/v1/message/${id}/raw`))).arrayBuffer());
    // devmail's trace headers come first; the sender's bytes follow unchanged.
    expect(raw.subarray(raw.length - original.length).equals(original)).toBe(true);
  });

  it('accepts an 8-bit body and raw UTF-8 headers and searches them', async () => {
    const id = await sendRaw(fixture('utf8-8bit.eml'), { from: 'juergen@example.de', to: ['zoe@example.com'] });
    const { body } = await getJson(`/api/v1/message/${id}`);
    expect(body.Subject).toBe('Grüße aus Köln');
    expect(body.From.Name).toBe('Jürgen');
    expect(body.Text).toContain('Schöne Grüße');
    const found = await getJson('/api/v1/search?query=' + encodeURIComponent('subject:Köln'));
    expect(found.body.messages.map((m: any) => m.ID)).toContain(id);
  });

  it('turns bare LF line ends into CRLF and keeps dot-stuffed lines intact', async () => {
    const id = await sendBareLf(fixture('bare-lf.eml'), 'sender@example.com', 'a@example.com');
    const raw = await (await fetch(server.api(`/api/v1/message/${id}/raw`))).text();
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).toContain('\r\n..starts with dot\r\n');
  });
});
