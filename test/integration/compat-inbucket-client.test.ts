import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InbucketAPIClient } from 'inbucket-js-client';
import type Mail from 'nodemailer/lib/mailer';
import type { InbucketPreview } from '../../src/api/compat/inbucket/mapping.js';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * `inbucket-js-client`, unmodified, against devmail's Inbucket layer: every method. Mail comes
 * in over real SMTP (nodemailer).
 */

let server: TestServer;
let inbucket: InbucketAPIClient;

beforeEach(async () => {
  server = await startTestServer();
  inbucket = new InbucketAPIClient(server.urls.http);
});
afterEach(async () => {
  await server.close();
});

function send(message: Mail.Options): Promise<void> {
  return sendWithNodemailer(server, { from: 'Shop <shop@example.test>', ...message });
}

async function sendMail(): Promise<void> {
  await send({ to: 'alice@example.test', subject: 'First for Alice', text: 'one' });
  await send({
    to: 'Alice+orders@example.test',
    cc: 'bob@example.test',
    subject: 'Order shipped',
    text: 'Your order shipped.',
    html: '<p>Your order <b>shipped</b>.</p>',
    attachments: [{ filename: 'label.pdf', content: Buffer.from('%PDF-1.4\n'), contentType: 'application/pdf' }],
  });
  await send({ to: 'alicea@example.test', subject: 'Not Alice', text: 'other mailbox' });
}

describe('inbucket-js-client against devmail', () => {
  it('mailbox() lists a mailbox oldest first, by local part without +extension', async () => {
    await sendMail();
    const alice = await inbucket.mailbox('alice');
    expect(alice.map((m) => m.subject)).toEqual(['First for Alice', 'Order shipped']);
    expect(alice[1]).toMatchObject({ mailbox: 'alice', from: '"Shop" <shop@example.test>', size: expect.any(Number) });
    expect(Date.parse(alice[1].date)).toBeGreaterThan(Date.now() - 60_000);
    expect((await inbucket.mailbox('bob')).map((m) => m.subject)).toEqual(['Order shipped']);
    expect(await inbucket.mailbox('nobody')).toEqual([]);
  });

  it('message() returns bodies, headers and attachment links that download', async () => {
    await sendMail();
    const [, order] = await inbucket.mailbox('alice');
    const message = await inbucket.message('alice', order.id);
    expect(message.subject).toBe('Order shipped');
    expect(message.body.text).toContain('Your order shipped.');
    expect(message.body.html).toContain('<b>shipped</b>');
    expect(message.header.Subject).toEqual(['Order shipped']);
    expect(message.attachments).toHaveLength(1);
    const [label] = message.attachments;
    expect(label).toMatchObject({ filename: 'label.pdf', 'content-type': 'application/pdf' });
    const download = await fetch(label['download-link']);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4\n');
    await expect(inbucket.message('bob', (await inbucket.mailbox('alice'))[0].id)).rejects.toThrow(/404/);
  });

  it('messageSource() gets the raw source (as JSON, which the client parses, when it asks for JSON)', async () => {
    await sendMail();
    const [first] = await inbucket.mailbox('alice');
    // Inbucket serves the source as text/plain, which this client's JSON parse rejects — with
    // Inbucket too. Asking for JSON, through the client's own request options, gets a JSON string.
    await expect(inbucket.messageSource('alice', first.id)).rejects.toThrow(SyntaxError);
    const asJson = new InbucketAPIClient(server.urls.http, { headers: { accept: 'application/json' } });
    const source = await asJson.messageSource('alice', first.id);
    expect(source).toMatch(/^Received: /);
    expect(source).toContain('Subject: First for Alice');
    const plain = await fetch(server.api(`/api/v1/mailbox/alice/${first.id}/source`));
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await plain.text()).toBe(source);
  });

  it('deleteMessage() deletes one message and answers "OK"', async () => {
    await sendMail();
    const [first] = await inbucket.mailbox('alice');
    expect(await inbucket.deleteMessage('alice', first.id)).toBe('OK');
    expect((await inbucket.mailbox('alice')).map((m) => m.subject)).toEqual(['Order shipped']);
    await expect(inbucket.deleteMessage('alice', first.id)).rejects.toThrow(/404/);
  });

  it('purgeMailbox() and prugeMailbox() empty a mailbox and leave the others', async () => {
    await sendMail();
    expect(await inbucket.purgeMailbox('alicea')).toBe('OK');
    expect(await inbucket.mailbox('alicea')).toEqual([]);
    expect(await inbucket.mailbox('alice')).toHaveLength(2);
    expect(await inbucket.prugeMailbox('alice')).toBe('OK');
    expect(await inbucket.mailbox('alice')).toEqual([]);
    expect(await inbucket.mailbox('bob')).toEqual([]);
  });

  it('PATCH {seen} marks a message seen and unseen', async () => {
    await sendMail();
    // `seen` is in Inbucket's JSON; the client's types leave it out.
    const seen = async () => ((await inbucket.mailbox('alice')) as InbucketPreview[])[0].seen;
    const [first] = await inbucket.mailbox('alice');
    expect(await seen()).toBe(false);
    const patch = (seen: boolean) =>
      fetch(server.api(`/api/v1/mailbox/alice/${first.id}`), {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seen }),
      });
    expect(await (await patch(true)).json()).toBe('OK');
    expect(await seen()).toBe(true);
    await patch(false);
    expect(await seen()).toBe(false);
  });
});
