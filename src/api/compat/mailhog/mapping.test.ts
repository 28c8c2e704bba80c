import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../core/types.js';
import { parseMailHogContent, toMailHogMessage, toMailHogPath } from './mapping.js';
import { toDevmailSearch } from './search.js';

const multipart = [
  'From: Shop <shop@example.test>',
  'To: alice@example.test',
  'Subject: Hello',
  'Content-Type: multipart/mixed;',
  ' boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9',
  '--inner',
  'Content-Type: text/html',
  '',
  '<p>Hi</p>',
  '--inner--',
  '--outer',
  'Content-Type: text/plain',
  'Content-Disposition: attachment; filename="a.txt"',
  '',
  'file',
  '--outer--',
  'epilogue',
].join('\r\n');

describe('MailHog mapping', () => {
  it('splits an SMTP path at its last @, the null sender into empty parts', () => {
    expect(toMailHogPath('a@b@example.test')).toEqual({ Relays: null, Mailbox: 'a@b', Domain: 'example.test', Params: '' });
    expect(toMailHogPath('')).toEqual({ Relays: null, Mailbox: '', Domain: '', Params: '' });
  });

  it('keeps headers as written, folded lines joined, repeated ones in order', () => {
    const content = parseMailHogContent('Received: a\r\nreceived: b\r\nReceived: c\r\nX-Long: one\r\n two\r\n\r\nbody\r\n');
    expect(content.Headers).toEqual({ Received: ['a', 'c'], received: ['b'], 'X-Long': ['one two'] });
    expect(content.Body).toBe('body\r\n');
    expect(content.MIME).toBeNull();
  });

  it('splits multipart bodies into parts, nested ones too, bodies still encoded', () => {
    const content = parseMailHogContent(multipart);
    const parts = content.MIME?.Parts ?? [];
    expect(parts).toHaveLength(2);
    expect(parts[0].Headers['Content-Type']).toEqual(['multipart/alternative; boundary=inner']);
    expect(parts[0].MIME?.Parts.map((p) => p.Body)).toEqual(['Caf=C3=A9', '<p>Hi</p>']);
    expect(parts[1].Headers['Content-Disposition']).toEqual(['attachment; filename="a.txt"']);
    expect(parts[1].Body).toBe('file');
    expect(parts[1].Size).toBe(Buffer.byteLength('Content-Type: text/plain\r\nContent-Disposition: attachment; filename="a.txt"\r\n\r\nfile'));
  });

  it('keeps a header named __proto__ as a plain key', () => {
    const content = parseMailHogContent('__proto__: x\r\n\r\n');
    expect(Object.keys(content.Headers)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(content.Headers)).toBe(Object.prototype);
  });

  it('maps a stored message with the envelope, top-level parts on the message', () => {
    const stored: StoredMessage = {
      summary: {
        id: 'abc',
        inbox: 'default',
        read: false,
        created: new Date('2024-05-01T10:00:00.000Z'),
        username: '',
        tags: [],
        size: multipart.length,
        attachments: 1,
        snippet: '',
        messageId: '',
        from: null,
        to: [],
        cc: [],
        bcc: [],
        replyTo: [],
        subject: 'Hello',
      },
      envelope: { mailFrom: 'bounce@shop.test', rcptTo: ['alice@example.test', 'bob@example.test'], heloName: 'app.local' },
      source: 'smtp',
      raw: Buffer.from(multipart),
    };
    const message = toMailHogMessage(stored);
    expect(message.ID).toBe('abc');
    expect(message.From).toMatchObject({ Mailbox: 'bounce', Domain: 'shop.test' });
    expect(message.To.map((p) => p.Mailbox)).toEqual(['alice', 'bob']);
    expect(message.Created).toBe('2024-05-01T10:00:00.000Z');
    expect(message.Content.MIME).toBeNull();
    expect(message.MIME?.Parts).toHaveLength(2);
    expect(message.Content.Headers.Subject).toEqual(['Hello']);
    expect(message.Raw).toEqual({ From: 'bounce@shop.test', To: ['alice@example.test', 'bob@example.test'], Data: multipart, Helo: 'app.local' });
  });

  it('does not recurse without bound into nested multiparts', () => {
    let text = 'leaf';
    for (let i = 0; i < 50; i++) text = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${text}\r\n--b${i}--`;
    let depth = 0;
    for (let c = parseMailHogContent(text); c.MIME; c = c.MIME.Parts[0]) depth++;
    expect(depth).toBe(8);
  });
});

describe('MailHog search kinds', () => {
  it('maps from, to and containing to the search language', () => {
    expect(toDevmailSearch('from', 'shop@example.test')).toBe('from:shop@example.test');
    expect(toDevmailSearch('to', 'Alice Smith')).toBe('to:"Alice Smith"');
    expect(toDevmailSearch('containing', 'invoice')).toBe('invoice');
    expect(toDevmailSearch(undefined, 'say "hi"')).toBe('"say  hi"');
    expect(toDevmailSearch('to', '')).toBe('');
  });

  it('refuses an unknown kind', () => {
    expect(() => toDevmailSearch('subject', 'x')).toThrow(/kind must be from, to or containing/);
  });
});
