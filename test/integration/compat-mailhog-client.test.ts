import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mailhog from 'mailhog';
import type Mail from 'nodemailer/lib/mailer';
import type { MailHogMessage } from '../../src/api/compat/mailhog/mapping.js';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * The `mailhog` npm client, unmodified, against devmail's MailHog layer; mail comes in over
 * real SMTP (nodemailer). releaseMessage() sends to a second devmail (a real SMTP server).
 */

let server: TestServer;
let api: ReturnType<typeof mailhog>;

beforeEach(async () => {
  server = await startTestServer();
  const url = new URL(server.urls.http);
  api = mailhog({ host: url.hostname, port: Number(url.port) });
});
afterEach(async () => {
  await server.close();
});

/** The client types its answers as possibly null; a test wants the answer. */
function must<T>(value: T | null): T {
  if (value === null) throw new Error('the client answered null');
  return value;
}

function send(message: Mail.Options): Promise<void> {
  return sendWithNodemailer(server, { from: 'Shop <shop@example.test>', ...message });
}

async function sendThree(): Promise<void> {
  await send({ to: 'alice@example.test', subject: 'Welcome Alice', text: 'Hello Alice, your code is 1234' });
  await send({
    to: 'Bob <bob@example.test>',
    cc: 'carol@example.test',
    replyTo: 'help@example.test',
    subject: 'Invoice for Bob',
    text: 'Grüße, Bob — invoice attached',
    html: '<p>Grüße, <b>Bob</b></p>',
  });
  await send({
    from: 'news@example.test',
    to: 'alice@example.test',
    subject: 'News',
    text: 'weekly news',
    attachments: [{ filename: 'invoice.txt', content: 'total: 42\n' }],
  });
}

describe('mailhog client against devmail', () => {
  it('messages() lists newest first with MailHog fields and decoding helpers', async () => {
    await sendThree();
    const result = must(await api.messages());
    expect(result).toMatchObject({ total: 3, count: 3, start: 0 });
    expect(result.items.map((m) => m.subject)).toEqual(['News', 'Invoice for Bob', 'Welcome Alice']);

    const bob = result.items[1];
    expect(bob.from).toBe('Shop <shop@example.test>');
    expect(bob.to).toBe('Bob <bob@example.test>');
    expect(bob.cc).toBe('carol@example.test');
    expect(bob.replyTo).toBe('help@example.test');
    expect(bob.text).toContain('Grüße, Bob — invoice attached');
    expect(bob.html).toContain('<p>Grüße, <b>Bob</b></p>');
    expect(bob.date).toBeInstanceOf(Date);
    expect(bob.deliveryDate.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(bob.attachments).toEqual([]);
    // As with MailHog, the client looks at the top-level parts: multipart/mixed holds the
    // text part first, then the attachment.
    const news = result.items[0];
    expect(news.text).toContain('weekly news');
    expect(news.attachments.map((a) => [a.name, a.type])).toEqual([['invoice.txt', 'text/plain; name=invoice.txt']]);
    expect(api.decode(news.attachments[0].Body, news.attachments[0].encoding)).toBe('total: 42\n');
    // Fields of MailHog's JSON the client's types leave out.
    const wire = bob as unknown as MailHogMessage;
    expect(wire.Raw.From).toBe('shop@example.test');
    expect(wire.Raw.To).toEqual(['bob@example.test', 'carol@example.test']);
    expect(wire.To.map((p) => `${p.Mailbox}@${p.Domain}`)).toEqual(['bob@example.test', 'carol@example.test']);
  });

  it('messages(start, limit) pages', async () => {
    await sendThree();
    const page = must(await api.messages(1, 1));
    expect(page).toMatchObject({ total: 3, count: 1, start: 1 });
    expect(page.items[0].subject).toBe('Invoice for Bob');
  });

  it('search() by from, to and containing, and the latest* helpers', async () => {
    await sendThree();
    expect((must(await api.search('news@example.test', 'from'))).items.map((m) => m.subject)).toEqual(['News']);
    expect((must(await api.search('alice@example.test', 'to'))).count).toBe(2);
    expect((must(await api.search('grüße'))).items.map((m) => m.subject)).toEqual(['Invoice for Bob']);
    expect((must(await api.search('nothing-like-this'))).count).toBe(0);
    expect(((await api.latestFrom('shop@example.test')) as mailhog.Message).subject).toBe('Invoice for Bob');
    expect(((await api.latestTo('alice@example.test')) as mailhog.Message).subject).toBe('News');
    expect(((await api.latestContaining('code')) as mailhog.Message).text).toContain('1234');
    expect(await api.latestTo('nobody@example.test')).toBe(0);
  });

  it('deleteMessage() removes one message and deleteAll() removes all', async () => {
    await sendThree();
    const { items } = must(await api.messages());
    const answer = await api.deleteMessage(items[0].ID);
    expect((answer as { statusCode: number }).statusCode).toBe(200);
    expect((must(await api.messages())).total).toBe(2);
    const all = await api.deleteAll();
    expect((all as { statusCode: number }).statusCode).toBe(200);
    expect((must(await api.messages())).total).toBe(0);
  });

  it('encode() and decode() round-trip through quoted-printable and base64', () => {
    expect(api.decode(api.encode('Grüße', 'quoted-printable'), 'quoted-printable')).toBe('Grüße');
    expect(api.decode(api.encode('Grüße', 'base64'), 'base64')).toBe('Grüße');
  });
});

describe("MailHog's v1 routes over plain HTTP", () => {
  it('GET /api/v1/messages/{id} and /download answer in MailHog shape; unknown IDs 404', async () => {
    await send({ to: 'alice@example.test', subject: 'Raw me', text: 'raw body' });
    const { items } = must(await api.messages());
    const id = items[0].ID;
    const one = (await (await fetch(server.api(`/api/v1/messages/${id}`))).json()) as { ID: string; Content: { Headers: Record<string, string[]> } };
    expect(one.ID).toBe(id);
    expect(one.Content.Headers.Subject).toEqual(['Raw me']);
    const download = await fetch(server.api(`/api/v1/messages/${id}/download`));
    expect(download.headers.get('content-type')).toMatch(/^message\/rfc822/);
    expect(download.headers.get('content-disposition')).toContain(`${id}.eml`);
    expect(await download.text()).toContain('Subject: Raw me');
    expect((await fetch(server.api('/api/v1/messages/unknown'))).status).toBe(404);
    expect((await fetch(server.api('/api/v1/messages/unknown'), { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(server.api('/api/v2/search?kind=subject&query=x'))).status).toBe(400);
  });

  it("Mailpit's bulk delete still answers ok to clients that send Accept", async () => {
    await send({ to: 'alice@example.test', subject: 'x', text: 'x' });
    const res = await fetch(server.api('/api/v1/messages'), { method: 'DELETE' });
    expect(await res.text()).toBe('ok');
  });
});

describe('mailhog client releaseMessage() to a second devmail', () => {
  let target: TestServer;

  beforeEach(async () => {
    target = await startTestServer();
  });
  afterEach(async () => {
    await target.close();
  });

  /** The target's messages with this subject, once it has captured at least one (bounded wait). */
  async function arrived(subject: string): Promise<Array<{ ID: string }>> {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(target.api(`/api/v1/search?query=${encodeURIComponent(`subject:"${subject}"`)}`));
      const { messages } = (await res.json()) as { messages: Array<{ ID: string }> };
      if (messages.length > 0) return messages;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }

  it('releases a captured message to the SMTP server the call names', async () => {
    await send({ to: 'alice@example.test', subject: 'Release me', text: 'released body' });
    const { items } = must(await api.messages());
    const answer = await api.releaseMessage(items[0].ID, {
      host: '127.0.0.1',
      port: String(target.urls.smtp.port),
      email: 'dave@example.test',
    });
    expect((answer as { statusCode: number }).statusCode).toBe(200);
    const found = await arrived('Release me');
    expect(found).toHaveLength(1);
    const stored = await target.store.get(found[0].ID);
    expect(stored?.envelope.rcptTo).toEqual(['dave@example.test']);
    expect(stored?.raw.toString()).toContain('released body');
  });

  it('answers 404 for an unknown message and 500 when the server cannot be reached', async () => {
    const unknown = await api.releaseMessage('no-such-id', { host: '127.0.0.1', port: String(target.urls.smtp.port), email: 'dave@example.test' });
    expect((unknown as { statusCode: number }).statusCode).toBe(404);
    await send({ to: 'alice@example.test', subject: 'Nowhere', text: 'x' });
    const { items } = must(await api.messages());
    const port = target.urls.smtp.port;
    await target.close();
    const refused = await api.releaseMessage(items[0].ID, { host: '127.0.0.1', port: String(port), email: 'dave@example.test' });
    expect((refused as { statusCode: number }).statusCode).toBe(500);
    target = await startTestServer();
  });

  it('takes an untyped body only from a non-browser client, and answers 400 to a bad one', async () => {
    await send({ to: 'alice@example.test', subject: 'Guarded', text: 'x' });
    const { items } = must(await api.messages());
    const url = server.api(`/api/v1/messages/${items[0].ID}/release`);
    const body = JSON.stringify({ Host: '127.0.0.1', Port: target.urls.smtp.port, Email: 'dave@example.test' });
    // A page on another site can POST a body without Content-Type, but its browser adds Origin.
    const fromPage = await fetch(url, { method: 'POST', headers: { origin: 'http://evil.example' }, body: new Blob([body]) });
    expect(fromPage.status).toBe(415);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: '127.0.0.1', email: 'x@example.test' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('');
    const typed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(typed.status).toBe(200);
    expect(await arrived('Guarded')).toHaveLength(1);
  });
});
