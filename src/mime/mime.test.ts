import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexMessage, normaliseMessage, parseMessage, parseHeaderValue, getPart, readHeaders, readListFields, toCrlf } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url));
const facts = { hostname: 'devmail.test', source: 'smtp' as const, now: new Date('2026-11-28T12:00:00Z') };

describe('readListFields', () => {
  it('reads addresses, groups, encoded-word subjects and dates from the header block alone', () => {
    const h = readListFields(fixture('welcome-html.eml'));
    expect(h.from).toEqual({ name: 'Ann Example', address: 'ann@example.com' });
    expect(h.to.map((a) => a.address)).toEqual(['bob@example.com', 'cy@example.com']);
    expect(h.to[1].name).toBe('Cy, Jr.');
    expect(h.cc.map((a) => a.address)).toEqual(['dee@example.com', 'eve@example.com']);
    expect(h.subject).toBe('Hello 👋\u00a0wörld');
    expect(h.messageId).toBe('welcome-1@example.com');
    expect(h.date?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('decodes ISO-8859-1 encoded names and raw UTF-8 headers', () => {
    const h = readListFields(fixture('utf8-8bit.eml'));
    expect(h.from?.name).toBe('Jürgen');
    expect(h.to[0].name).toBe('Zoë');
    expect(h.subject).toBe('Grüße aus Köln');
    expect(h.date).toBeNull();
  });
});

describe('normaliseMessage', () => {
  it('turns bare LF into CRLF and adds Received, Return-Path and a Message-ID', () => {
    const n = normaliseMessage(fixture('bare-lf.eml'), { mailFrom: 'bounce@example.com', rcptTo: ['a@example.com'], heloName: 'client.test', clientAddress: '127.0.0.1' }, facts);
    const text = n.raw.toString();
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toMatch(/^Received: from client\.test \(\[127\.0\.0\.1\]\) by devmail\.test \(devmail\) with ESMTP; Sat, 28 Nov 2026 12:00:00 \+0000\r\n/);
    expect(text).toContain('Return-Path: <bounce@example.com>\r\n');
    expect(n.headers.messageId).toMatch(/^[0-9a-f]{24}@devmail\.test$/);
    expect(text).toContain(`Message-ID: <${n.headers.messageId}>\r\n`);
    expect(text).toContain('\r\n..starts with dot\r\n');
  });

  it('adds recipients that only the envelope names as Bcc, once each', () => {
    const n = normaliseMessage(fixture('bare-lf.eml'), { mailFrom: 's@example.com', rcptTo: ['A@example.com', 'hidden@example.com', 'HIDDEN@example.com'] }, facts);
    expect(n.headers.bcc).toEqual([{ name: '', address: 'hidden@example.com' }]);
    expect(readListFields(n.raw).bcc.map((a) => a.address)).toEqual(['hidden@example.com']);
  });

  it('keeps an existing Message-ID and Return-Path and marks TLS and AUTH in the trace', () => {
    const n = normaliseMessage(Buffer.from('Return-Path: <x@y>\r\nMessage-ID: <m@x>\r\nTo: t@x\r\n\r\nbody'), { mailFrom: 'z@y', rcptTo: ['t@x'], tls: { protocol: 'TLSv1.3', cipher: 'x' }, authUser: 'u' }, facts);
    const text = n.raw.toString();
    expect(text.match(/Return-Path/g)).toHaveLength(1);
    expect(text.match(/Message-ID/gi)).toHaveLength(1);
    expect(text).toContain('with ESMTPSA;');
  });

  it('cannot be made to inject a header through the HELO name', () => {
    const n = normaliseMessage(Buffer.from('To: t@x\r\n\r\nb'), { mailFrom: '', rcptTo: ['t@x'], heloName: 'evil\r\nBcc: victim@x' }, facts);
    expect(n.raw.toString()).toMatch(/^Received: from evilBcc:victim@x by/);
    expect(n.raw.toString()).toContain('Return-Path: <>\r\n');
  });
});

describe('toCrlf', () => {
  it('returns the same buffer when every line already ends in CRLF', () => {
    const b = Buffer.from('a\r\nb\r\n');
    expect(toCrlf(b)).toBe(b);
    expect(toCrlf(Buffer.from('\na\nb\r\nc')).toString()).toBe('\r\na\r\nb\r\nc');
  });
});

describe('parseMessage', () => {
  it('gives text, HTML, inline parts and attachments with checksums', async () => {
    const p = await parseMessage(fixture('welcome-html.eml'));
    expect(p.text).toContain('Your code is 482913');
    expect(p.html).toContain('<b>Ann</b>');
    expect(p.inline).toHaveLength(1);
    expect(p.inline[0]).toMatchObject({ fileName: 'logo.png', contentType: 'image/png', contentId: 'logo@example.com' });
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({ fileName: 'invoice.pdf', contentType: 'application/pdf' });
    expect(p.attachments[0].checksums.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.snippet).toBe('Welcome aboard, Ann! Your code is 482913. Confirm: https://app.example.com/confirm?t=abc');
    expect(p.parseError).toBeNull();
  });

  it('returns a part by its PartID with its decoded bytes', async () => {
    const raw = fixture('welcome-html.eml');
    const p = await parseMessage(raw);
    const part = await getPart(raw, p.attachments[0].partId);
    expect(part?.content.toString('latin1').startsWith('%PDF-1.4')).toBe(true);
    expect(await getPart(raw, '99')).toBeNull();
  });

  it('still shows the text of a broken multipart message', async () => {
    const p = await parseMessage(fixture('broken-multipart.eml'));
    expect(p.text + p.snippet).toContain('visible text in a broken message');
  });
});

describe('indexMessage', () => {
  it('indexes subject, addresses, bodies and file names, and counts parts', async () => {
    const f = await indexMessage(fixture('welcome-html.eml'));
    expect(f.attachments).toBe(1);
    expect(f.inline).toBe(1);
    for (const word of ['ann@example.com', 'invoice.pdf', '482913', 'Cy, Jr.', 'Confirm']) expect(f.searchText).toContain(word);
  });
});

describe('readHeaders', () => {
  it('groups repeated headers under the first spelling, in order', () => {
    const h = readHeaders(Buffer.from('Received: a\r\nreceived: b\r\nSubject: x\r\n y\r\n\r\nbody'));
    expect(h).toEqual({ Received: ['a', 'b'], Subject: ['x y'] });
  });

  it('keeps headers named __proto__, constructor and hasOwnProperty as own keys', () => {
    const h = readHeaders(Buffer.from('__proto__: p\r\nconstructor: c\r\nhasOwnProperty: o\r\nX-After: a\r\n\r\n'));
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
    expect(Object.entries(h)).toEqual([['__proto__', ['p']], ['constructor', ['c']], ['hasOwnProperty', ['o']], ['X-After', ['a']]]);
    expect(JSON.parse(JSON.stringify(h))).toHaveProperty(['__proto__'], ['p']);
  });
});

describe('parseHeaderValue', () => {
  it('keeps a parameter named __proto__ as a value and inherits nothing', () => {
    const { value, params } = parseHeaderValue('text/plain; __proto__=x; charset="utf-8"');
    expect(value).toBe('text/plain');
    expect(Object.entries(params)).toEqual([['__proto__', 'x'], ['charset', 'utf-8']]);
    expect(params.constructor).toBeUndefined();
  });
});
