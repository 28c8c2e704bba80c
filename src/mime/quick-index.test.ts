import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readListFields } from './header-fields.js';
import { indexMessage } from './index-fields.js';
import { normaliseMessage } from './normalise.js';
import { quickIndex } from './quick-index.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);

/** A message from header lines and body bytes, CRLF between header lines. */
function message(headerLines: string[], body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(headerLines.join('\r\n') + '\r\n\r\n', 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

const baseHeaders = [
  'From: "Ada L." <ada@example.test>',
  'To: Bob <bob@example.test>, carol@example.test',
  'Cc: =?UTF-8?Q?J=C3=BCrgen?= <jurgen@example.test>',
  'Subject: =?UTF-8?B?w4ljaG8=?= and more',
  'Message-ID: <m1@example.test>',
  'Date: Sat, 28 Nov 2026 10:00:00 +0000',
];

/** The quick index must agree with the full parse wherever it answers. */
async function expectSameAsFullParse(raw: Buffer): Promise<void> {
  const quick = quickIndex(raw, readListFields(raw));
  expect(quick, 'quick index declined a message it should read').not.toBeNull();
  expect(quick).toEqual(await indexMessage(raw));
}

describe('quickIndex', () => {
  const readable: Array<[string, Buffer]> = [
    ['plain ASCII text', message([...baseHeaders, 'Content-Type: text/plain; charset=us-ascii'], 'Hello Bob,\r\n\r\nYour code is 123456.\r\n')],
    ['no Content-Type at all', message(baseHeaders, 'Just text.\r\n')],
    ['UTF-8 text, 8bit', message([...baseHeaders, 'Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: 8bit'], 'Grüße aus Köln — ✓ 日本語\r\n')],
    ['Latin-1 bytes', message([...baseHeaders, 'Content-Type: text/plain; charset=iso-8859-1'], Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0d, 0x0a]))],
    ['8-bit bytes labelled us-ascii', message([...baseHeaders, 'Content-Type: text/plain; charset=us-ascii'], Buffer.from([0x41, 0xe9, 0x93, 0x0d, 0x0a]))],
    ['invalid UTF-8', message([...baseHeaders, 'Content-Type: text/plain; charset=utf-8'], Buffer.from([0x61, 0xc3, 0x0d, 0x0a, 0xff, 0x62]))],
    ['a byte-order mark', message([...baseHeaders, 'Content-Type: text/plain; charset=utf-8'], Buffer.from('\ufeffBOM first\r\n', 'utf8'))],
    ['HTML only', message([...baseHeaders, 'Content-Type: text/html; charset=utf-8'], '<html><head><title>T</title><style>p{}</style></head><body><p>Hi &amp; welcome&nbsp;to <b>devmail</b></p><script>x()</script></body></html>\r\n')],
    ['bare LF and stray CRs in the body', message([...baseHeaders, 'Content-Type: text/plain'], 'one\ntwo\r\r\nthree\rfour\r\n\r\rfive\r')],
    ['no final line end', message(baseHeaders, 'no newline at the end')],
    ['an empty body', message(baseHeaders, '')],
    ['blank lines only', message([...baseHeaders, 'Content-Type: text/plain'], '\r\n\r\n\r\n')],
    ['whitespace-only text', message([...baseHeaders, 'Content-Type: text/plain'], '   \r\n\t\r\n')],
    ['a long body (snippet cut)', message(baseHeaders, 'word '.repeat(400) + '\r\n')],
    ['inline disposition with a file name', message([...baseHeaders, 'Content-Type: text/plain', 'Content-Disposition: inline; filename="note.txt"'], 'inline note\r\n')],
    ['format=fixed and a folded Content-Type', message([...baseHeaders, 'Content-Type: text/plain;', '\tcharset=utf-8; format=fixed'], 'folded\r\n')],
    ['groups and an empty address list', message(['From: a@example.test', 'To: friends: x@example.test, y@example.test;', 'Bcc:', 'Subject: s'], 'b\r\n')],
  ];

  for (const [name, raw] of readable) {
    it(`agrees with the full parse: ${name}`, async () => {
      await expectSameAsFullParse(raw);
    });
  }

  it('agrees with the full parse after capture normalises a message (Received, Bcc, Message-ID added)', async () => {
    const { raw, headers } = normaliseMessage(
      Buffer.from('From: a@example.test\nTo: b@example.test\nSubject: lf only\n\nbody line\nsecond\n'),
      { mailFrom: 'a@example.test', rcptTo: ['b@example.test', 'hidden@example.test'], heloName: 'client', clientAddress: '127.0.0.1' },
      { hostname: 'devmail.test', source: 'smtp', now: new Date('2026-11-28T10:00:00Z') },
    );
    const quick = quickIndex(raw, headers);
    expect(quick).not.toBeNull();
    expect(quick).toEqual(await indexMessage(raw));
  });

  it('agrees with the full parse on random bodies (line ends, charsets, 8-bit bytes)', async () => {
    let seed = 20261129;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [[0x0d], [0x0a], [0x0d, 0x0a], [0x20], [0x09], [0x61], [0x62, 0x63], [0xc3, 0xa9], [0xe9], [0x80], [0xe2, 0x80, 0x94], [0x3c, 0x62, 0x3e], [0x26, 0x61, 0x6d, 0x70, 0x3b], [0xef, 0xbb, 0xbf], [0xc2, 0xa0]];
    const charsets = ['', 'charset=utf-8', 'charset=us-ascii', 'charset=iso-8859-1', 'charset=windows-1252', 'charset="UTF-8"'];
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const bytes: number[] = [];
      for (let n = next(40); n > 0; n--) bytes.push(...pieces[next(pieces.length)]);
      const type = next(2) === 0 ? 'text/plain' : 'text/html';
      const charset = charsets[next(charsets.length)];
      const raw = message([...baseHeaders, `Content-Type: ${type}${charset ? `; ${charset}` : ''}`], Buffer.from(bytes));
      await expectSameAsFullParse(raw);
      compared++;
    }
    expect(compared).toBe(300);
  });

  const declined: Array<[string, Buffer]> = [
    ['multipart', message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b'], '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n')],
    ['quoted-printable', message([...baseHeaders, 'Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable'], 'a=3Db\r\n')],
    ['base64', message([...baseHeaders, 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64'], 'aGk=\r\n')],
    ['format=flowed', message([...baseHeaders, 'Content-Type: text/plain; format=flowed'], 'soft \r\nbreak\r\n')],
    ['an attachment disposition', message([...baseHeaders, 'Content-Type: text/plain', 'Content-Disposition: attachment; filename=a.txt'], 'file\r\n')],
    ['a non-text body', message([...baseHeaders, 'Content-Type: application/pdf'], '%PDF\r\n')],
    ['text/calendar', message([...baseHeaders, 'Content-Type: text/calendar'], 'BEGIN:VCALENDAR\r\n')],
    ['a charset that is not ASCII-compatible', message([...baseHeaders, 'Content-Type: text/plain; charset=utf-16le'], Buffer.from('hi', 'utf16le'))],
    ['an unknown charset', message([...baseHeaders, 'Content-Type: text/plain; charset=x-unknown'], 'x\r\n')],
    ['an RFC 2231 charset', message([...baseHeaders, "Content-Type: text/plain; charset*=utf-8''x"], 'x\r\n')],
    ['a comment in Content-Type', message([...baseHeaders, 'Content-Type: text/plain (note); charset=utf-8'], 'x\r\n')],
    ['two Content-Type headers', message([...baseHeaders, 'Content-Type: text/plain', 'Content-Type: text/html'], 'x\r\n')],
    ['an empty Content-Type', message([...baseHeaders, 'Content-Type:'], 'x\r\n')],
    ['bare LF in the header block', Buffer.from('Subject: s\nContent-Type: text/plain\r\n\r\nx\r\n')],
    ['no blank line after the headers', Buffer.from('Subject: s\r\nContent-Type: text/plain\r\n')],
    ['a message over 128 KB', message(baseHeaders, 'x'.repeat(130 * 1024))],
  ];

  for (const [name, raw] of declined) {
    it(`leaves to the full parse: ${name}`, () => {
      expect(quickIndex(raw, readListFields(raw))).toBeNull();
    });
  }

  it('agrees with the full parse on every fixture it reads, and declines the others', async () => {
    let read = 0;
    for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.eml'))) {
      const raw = readFileSync(new URL(file, fixtures));
      const quick = quickIndex(raw, readListFields(raw));
      if (quick === null) continue;
      expect(quick, file).toEqual(await indexMessage(raw));
      read++;
    }
    expect(read).toBeGreaterThan(0);
  });
});
