import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailpitClient } from 'mailpit-api';
import type Mail from 'nodemailer/lib/mailer';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * The `mailpit-api` npm client, unmodified, against a real devmail: every method whose
 * route devmail serves. Mail comes in over real SMTP (nodemailer) and through sendMessage.
 */

let server: TestServer;
let mailpit: MailpitClient;

beforeEach(async () => {
  server = await startTestServer();
  mailpit = new MailpitClient(server.urls.http);
});
afterEach(async () => {
  await server.close();
});

function sendOverSmtp(mail: Mail.Options): Promise<void> {
  return sendWithNodemailer(server, mail);
}

const pdfBytes = Buffer.from('%PDF-1.4\n% devmail test attachment\n');
const pngBytes = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function sendInvoice(subject = 'Invoice 42'): Promise<string> {
  const { ID } = await mailpit.sendMessage({
    From: { Email: 'billing@shop.test', Name: 'Shop Billing' },
    To: [{ Email: 'alice@example.test', Name: 'Alice' }, { Email: 'bob@example.test' }],
    Cc: [{ Email: 'carol@example.test' }],
    Bcc: ['audit@example.test'],
    ReplyTo: [{ Email: 'support@shop.test' }],
    Subject: subject,
    Text: 'Your invoice is attached.',
    HTML: '<p>Your <b>invoice</b> is attached. <img src="cid:logo"></p>',
    Headers: { 'X-Campaign': 'spring' },
    Tags: ['billing'],
    Attachments: [
      { Content: pdfBytes.toString('base64'), Filename: 'invoice.pdf', ContentType: 'application/pdf' },
      { Content: pngBytes.toString('base64'), Filename: 'logo.png', ContentID: 'logo' },
    ],
  });
  return ID;
}

describe('mailpit-api client against devmail', () => {
  it('getInfo reports the version, the database and the totals', async () => {
    await sendInvoice();
    const info = await mailpit.getInfo();
    expect(info.Version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.Database).not.toBe('');
    expect(info.Messages).toBe(1);
    expect(info.Unread).toBe(1);
    expect(info.Tags).toEqual({ billing: 1 });
    expect(info.RuntimeStats.SMTPAccepted).toBe(1);
    expect(info.RuntimeStats.Uptime).toBeGreaterThanOrEqual(0);
  });

  it('getConfiguration returns the web UI settings', async () => {
    const config = await mailpit.getConfiguration();
    expect(config.MessageRelay.Enabled).toBe(false);
    expect(config.SpamAssassin).toBe(false);
    expect(typeof config.Label).toBe('string');
  });

  it('sendMessage stores a message that listMessages shows in Mailpit summary form', async () => {
    const id = await sendInvoice();
    const list = await mailpit.listMessages();
    expect(list).toMatchObject({ total: 1, unread: 1, count: 1, messages_count: 1, messages_unread: 1, start: 0, tags: ['billing'] });
    const [summary] = list.messages;
    expect(summary).toMatchObject({
      ID: id,
      Read: false,
      From: { Name: 'Shop Billing', Address: 'billing@shop.test' },
      To: [{ Name: 'Alice', Address: 'alice@example.test' }, { Name: '', Address: 'bob@example.test' }],
      Cc: [{ Name: '', Address: 'carol@example.test' }],
      Bcc: [{ Name: '', Address: 'audit@example.test' }],
      ReplyTo: [{ Name: '', Address: 'support@shop.test' }],
      Subject: 'Invoice 42',
      Tags: ['billing'],
      Attachments: 1,
    });
    expect(summary.MessageID).not.toBe('');
    expect(summary.Snippet).toContain('Your invoice is attached.');
    expect(summary.Size).toBeGreaterThan(pdfBytes.length);
    expect(summary.Created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$/);
  });

  it('lists a message that came over SMTP with its sender, recipients, subject and attachments', async () => {
    await sendOverSmtp({
      from: '"Build Bot" <ci@example.test>',
      to: 'dev@example.test',
      subject: 'Build #7 passed',
      text: 'All green.',
      attachments: [{ filename: 'report.txt', content: 'ok\n' }],
    });
    const list = await mailpit.listMessages();
    expect(list.total).toBe(1);
    expect(list.messages[0]).toMatchObject({
      From: { Name: 'Build Bot', Address: 'ci@example.test' },
      To: [{ Name: '', Address: 'dev@example.test' }],
      Subject: 'Build #7 passed',
      Attachments: 1,
    });
  });

  it('listMessages pages with start and limit, newest first', async () => {
    for (const n of [1, 2, 3]) await sendInvoice(`Invoice ${n}`);
    const page = await mailpit.listMessages(1, 1);
    expect(page.total).toBe(3);
    expect(page.start).toBe(1);
    expect(page.messages.map((m) => m.Subject)).toEqual(['Invoice 2']);
    const all = await mailpit.listMessages(0, 0);
    expect(all.messages.map((m) => m.Subject)).toEqual(['Invoice 3', 'Invoice 2', 'Invoice 1']);
  });

  it('getMessageSummary returns the whole message and marks it read', async () => {
    const id = await sendInvoice();
    const message = await mailpit.getMessageSummary(id);
    expect(message).toMatchObject({
      ID: id,
      From: { Name: 'Shop Billing', Address: 'billing@shop.test' },
      ReturnPath: 'billing@shop.test',
      Subject: 'Invoice 42',
      Tags: ['billing'],
      Text: expect.stringContaining('Your invoice is attached.'),
      HTML: expect.stringContaining('<b>invoice</b>'),
      ListUnsubscribe: { Header: '', Links: [], Errors: '', HeaderPost: '' },
    });
    expect(message.Attachments).toHaveLength(1);
    expect(message.Attachments[0]).toMatchObject({ FileName: 'invoice.pdf', ContentType: 'application/pdf', Size: pdfBytes.length });
    expect(message.Attachments[0].Checksums.SHA256).toBe(createHash('sha256').update(pdfBytes).digest('hex'));
    expect(message.Inline).toHaveLength(1);
    expect(message.Inline[0]).toMatchObject({ FileName: 'logo.png', ContentID: 'logo', ContentType: 'image/png' });
    expect(Date.parse(message.Date)).not.toBeNaN();
    const list = await mailpit.listMessages();
    expect(list.messages[0].Read).toBe(true);
    expect(list.unread).toBe(0);
  });

  it('getMessageSummary without an ID returns the latest message', async () => {
    await sendInvoice('older');
    const newest = await sendInvoice('newer');
    const message = await mailpit.getMessageSummary();
    expect(message.ID).toBe(newest);
    expect(message.Subject).toBe('newer');
  });

  it('getMessageHeaders returns every header under its canonical name, values in order', async () => {
    const id = await sendInvoice();
    const headers = await mailpit.getMessageHeaders(id);
    expect(headers.Subject).toEqual(['Invoice 42']);
    expect(headers['X-Campaign']).toEqual(['spring']);
    expect(headers['X-Tags']).toEqual(['billing']);
    expect(headers['Message-Id']).toHaveLength(1);
    expect(headers.Received?.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(headers)).toEqual([...Object.keys(headers)].sort());
  });

  it('getMessageSource returns the raw message with the headers devmail added', async () => {
    const id = await sendInvoice();
    const raw = await mailpit.getMessageSource(id);
    expect(raw).toMatch(/^Received: /);
    expect(raw).toContain('Subject: Invoice 42');
    expect(raw).toContain('Return-Path: <billing@shop.test>');
    expect(await mailpit.getMessageSource()).toBe(raw);
  });

  it('getMessageAttachment returns the decoded bytes with the part content type', async () => {
    const id = await sendInvoice();
    const message = await mailpit.getMessageSummary(id);
    const pdf = await mailpit.getMessageAttachment(id, message.Attachments[0].PartID);
    expect(pdf.type).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(pdfBytes);
    const logo = await mailpit.getMessageAttachment('latest', message.Inline[0].PartID);
    expect(logo.type).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(pngBytes);
  });

  it('searchMessages finds messages by subject, address and tag with matching counts', async () => {
    await sendInvoice('Invoice March');
    await sendInvoice('Invoice April');
    await mailpit.sendMessage({ From: { Email: 'news@paper.test' }, To: [{ Email: 'alice@example.test' }], Subject: 'Weekly news' });
    const invoices = await mailpit.searchMessages({ query: 'subject:invoice' });
    expect(invoices.messages_count).toBe(2);
    expect(invoices.total).toBe(3);
    expect(invoices.messages.map((m) => m.Subject)).toEqual(['Invoice April', 'Invoice March']);
    expect((await mailpit.searchMessages({ query: 'from:news@paper.test' })).messages_count).toBe(1);
    expect((await mailpit.searchMessages({ query: 'tag:billing' })).messages_count).toBe(2);
    const paged = await mailpit.searchMessages({ query: 'invoice', start: 1, limit: 1 });
    expect(paged.messages.map((m) => m.Subject)).toEqual(['Invoice March']);
    expect(paged.messages_unread).toBe(2);
  });

  it('setReadStatus sets read state by IDs, by search, and for every message', async () => {
    const march = await sendInvoice('Invoice March');
    await sendInvoice('Invoice April');
    await mailpit.sendMessage({ From: { Email: 'news@paper.test' }, To: [{ Email: 'x@example.test' }], Subject: 'News' });

    expect(await mailpit.setReadStatus({ IDs: [march], Read: true })).toBe('ok');
    expect((await mailpit.listMessages()).unread).toBe(2);

    await mailpit.setReadStatus({ Search: 'subject:April', Read: true });
    expect((await mailpit.searchMessages({ query: 'is:unread' })).messages.map((m) => m.Subject)).toEqual(['News']);

    await mailpit.setReadStatus({ Read: true });
    expect((await mailpit.listMessages()).unread).toBe(0);
    await mailpit.setReadStatus();
    expect((await mailpit.listMessages()).unread).toBe(3);
  });

  it('setTags, getTags, renameTag and deleteTag manage tags across messages', async () => {
    const a = await sendInvoice('A');
    const b = await sendInvoice('B');
    expect(await mailpit.setTags({ IDs: [a, b], Tags: ['urgent', 'Q2 report'] })).toBe('ok');
    expect(await mailpit.getTags()).toEqual(['Q2 report', 'urgent']);

    expect(await mailpit.renameTag('Q2 report', 'Q3 report')).toBe('ok');
    expect(await mailpit.getTags()).toEqual(['Q3 report', 'urgent']);
    expect((await mailpit.searchMessages({ query: 'tag:"Q3 report"' })).messages_count).toBe(2);

    expect(await mailpit.deleteTag('urgent')).toBe('ok');
    expect(await mailpit.getTags()).toEqual(['Q3 report']);
    expect((await mailpit.listMessages()).total).toBe(2);

    await mailpit.setTags({ IDs: [a] });
    expect((await mailpit.getMessageSummary(a)).Tags).toEqual([]);
    expect((await mailpit.getMessageSummary(b)).Tags).toEqual(['Q3 report']);
  });

  it('renderMessageHTML and renderMessageText return the bodies, for an ID and for latest', async () => {
    const id = await sendInvoice();
    const html = await mailpit.renderMessageHTML(id);
    expect(html).toContain('<b>invoice</b>');
    expect(html).toMatch(new RegExp(`src="/api/v1/message/${id}/part/\\d+"`));
    expect(await mailpit.renderMessageHTML()).toBe(html);
    const embedded = await mailpit.renderMessageHTML(id, 1);
    expect(embedded).toMatch(/^<!DOCTYPE html>/);
    expect(await mailpit.renderMessageText()).toContain('Your invoice is attached.');
  });

  it('waitForMessage resolves with the full message once a matching one arrives', async () => {
    const waiting = mailpit.waitForMessage({ query: 'subject:"Password reset"' }, { timeout: 10_000, interval: 50 });
    await sendInvoice('Something else');
    await mailpit.sendMessage({ From: { Email: 'auth@app.test' }, To: [{ Email: 'alice@example.test' }], Subject: 'Password reset' });
    const message = await waiting;
    expect(message.Subject).toBe('Password reset');
    expect(message.To).toEqual([{ Name: '', Address: 'alice@example.test' }]);
  });

  it('waitForMessages waits for a count of messages and for an empty mailbox', async () => {
    await sendInvoice('one');
    await sendInvoice('two');
    const two = await mailpit.waitForMessages({ query: 'tag:billing', count: 2 }, { timeout: 10_000, interval: 50 });
    expect(two.messages_count).toBe(2);
    await mailpit.deleteMessages();
    const none = await mailpit.waitForMessages({ count: 0 }, { timeout: 10_000, interval: 50 });
    expect(none.messages_count).toBe(0);
  });

  it('deleteMessagesBySearch deletes only the messages that match', async () => {
    await sendInvoice('Invoice 1');
    await mailpit.sendMessage({ From: { Email: 'news@paper.test' }, To: [{ Email: 'x@example.test' }], Subject: 'News' });
    expect(await mailpit.deleteMessagesBySearch({ query: 'subject:invoice' })).toBe('ok');
    const list = await mailpit.listMessages();
    expect(list.messages.map((m) => m.Subject)).toEqual(['News']);
  });

  it('deleteMessages deletes the given IDs, and with none every message', async () => {
    const a = await sendInvoice('A');
    await sendInvoice('B');
    await sendInvoice('C');
    expect(await mailpit.deleteMessages({ IDs: [a] })).toBe('ok');
    expect((await mailpit.listMessages()).messages.map((m) => m.Subject)).toEqual(['C', 'B']);
    expect(await mailpit.deleteMessages()).toBe('ok');
    const list = await mailpit.listMessages();
    expect(list).toMatchObject({ total: 0, unread: 0, messages: [], tags: [] });
    await expect(mailpit.getMessageSummary(a)).rejects.toThrow(/404/);
  });
});
