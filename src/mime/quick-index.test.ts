import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readListFields } from './header-fields.js';
import { indexMessage } from './index-fields.js';
import { toCrlf } from './line-endings.js';
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
    [
      'quoted-printable (soft breaks, either case, broken escapes)',
      message(
        [...baseHeaders, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: Quoted-Printable'],
        'caf=C3=A9 and caf=c3=a9 =3D equals=\r\njoined line\r\nbroken =ZZ and =4\r\nends with =\r\n=0D=0A kept\r\ntrailing  \r\nlast=',
      ),
    ],
    [
      'base64 (padding inside, junk, a lone last character)',
      message(
        [...baseHeaders, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: BASE64'],
        Buffer.concat([Buffer.from('Q2Fmw6kgYXQg\r\nbm9vbg==Q2Fm\r\nw6k=\r\n!* \t', 'latin1'), Buffer.from([0xe9, 0x80]), Buffer.from('QUJD\r\nR\r\n')]),
      ),
    ],
    [
      'an alternative with a base64 part',
      message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b'], '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n--b--\r\n'),
    ],
    [
      'multipart/alternative of text and HTML, with a preamble and an epilogue',
      message(
        [...baseHeaders, 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="=_alt 1"'],
        'This is a preamble.\r\n--=_alt 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHello =\r\nBob, caf=C3=A9\r\n\r\n--=_alt 1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>Bob</b></p>\r\n--=_alt 1--\r\nepilogue\r\n--=_alt 1\r\nContent-Type: text/plain\r\n\r\nnot a part\r\n',
      ),
    ],
    [
      'multipart/alternative of HTML alone, delimiters with trailing blanks',
      message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b1'], '--b1 \t\r\nContent-Type: text/html\r\n\r\n<div>only html</div>\r\n--b1--  \r\n'),
    ],
    [
      'multipart/alternative without a closing delimiter, a part without header lines',
      message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b2'], '--b2\r\n\r\ndefault type text\r\n--b2\r\nContent-Type: text/html\r\n\r\n<i>x</i>'),
    ],
    [
      'lines that look like delimiters but are not',
      message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b3'], '--b3\r\nContent-Type: text/plain\r\n\r\n--b3x\r\n --b3\r\n--b3-\r\n--b3 x\r\n--b3--\r\n'),
    ],
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

  it('agrees with the full parse on random bodies (line ends, charsets, 8-bit bytes, each encoding)', async () => {
    let seed = 20261129;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [[0x0d], [0x0a], [0x0d, 0x0a], [0x20], [0x09], [0x61], [0x62, 0x63], [0xc3, 0xa9], [0xe9], [0x80], [0xe2, 0x80, 0x94], [0x3c, 0x62, 0x3e], [0x26, 0x61, 0x6d, 0x70, 0x3b], [0xef, 0xbb, 0xbf], [0xc2, 0xa0]];
    const qpPieces = ['=', '=3D', '=3d', '=C3=A9', '=c3=a9', '=\r\n', '=Z', '=ZZ', '=0D', '=0A', ' =', '=\n'].map((p) => [...Buffer.from(p, 'latin1')]);
    const base64Pieces = ['QUJD', 'w6k', 'Zm9v', '=', '==', 'Q', 'Qg', '\r\n', '\n', ' ', '*', '+/', '4pyT', 'DQo='].map((p) => [...Buffer.from(p, 'latin1')]);
    const charsets = ['', 'charset=utf-8', 'charset=us-ascii', 'charset=iso-8859-1', 'charset=windows-1252', 'charset="UTF-8"'];
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const encoding = ['', 'quoted-printable', 'base64'][next(3)];
      const pool = encoding === 'base64' ? [...base64Pieces, [0xe9]] : encoding ? [...pieces, ...qpPieces] : pieces;
      const bytes: number[] = [];
      for (let n = next(40); n > 0; n--) bytes.push(...pool[next(pool.length)]);
      const type = next(2) === 0 ? 'text/plain' : 'text/html';
      const charset = charsets[next(charsets.length)];
      const lines = [...baseHeaders, `Content-Type: ${type}${charset ? `; ${charset}` : ''}`];
      if (encoding) lines.push(`Content-Transfer-Encoding: ${encoding}`);
      await expectSameAsFullParse(message(lines, Buffer.from(bytes)));
      compared++;
    }
    expect(compared).toBe(400);
  });

  it('reads every message nodemailer composes (text, HTML or both, any characters) as the full parse does', async () => {
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const words = ['hello', 'world', 'café', 'naïve', '日本', '—', '=', '=3D', '.', '..', '<b>bold</b>', '&amp;', '\n', '\r\n', '  ', 'x'.repeat(90), '€', '😀'];
    const phrase = () => Array.from({ length: 1 + next(60) }, () => words[next(words.length)]).join(next(3) === 0 ? '' : ' ');
    let read = 0;
    for (let i = 0; i < 200; i++) {
      const shape = next(3);
      const raw = await new MailComposer({
        from: 'Ada <ada@example.test>',
        to: 'bob@example.test',
        subject: phrase().slice(0, 40),
        text: shape !== 1 ? phrase() : undefined,
        html: shape !== 0 ? `<p>${phrase()}</p>` : undefined,
      })
        .compile()
        .build();
      const quick = quickIndex(raw, readListFields(raw));
      expect(quick, 'quick index declined a message nodemailer composed').not.toBeNull();
      expect(quick).toEqual(await indexMessage(raw));
      read++;
    }
    expect(read).toBe(200);
  });

  it('reads hostile bodies in linear time: a run of CRs, unclosed tags', async () => {
    const crs = message([...baseHeaders, 'Content-Type: text/plain'], `${'\r'.repeat(100_000)}x\r\n`);
    const tags = message([...baseHeaders, 'Content-Type: text/html'], '<'.repeat(100_000));
    const started = performance.now();
    const quick = [quickIndex(crs, readListFields(crs)), quickIndex(tags, readListFields(tags))];
    // /\r+\n/g took 3 s on 60,000 CRs, and the tag expressions 17 s on 120,000 '<'.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(quick).toEqual([await indexMessage(crs), await indexMessage(tags)]);
  });

  /** A multipart/alternative with boundary `b` around `body`, and any more header lines. */
  const alternative = (body: string, ...more: string[]) => message([...baseHeaders, 'Content-Type: multipart/alternative; boundary=b', ...more], body);

  const declined: Array<[string, Buffer]> = [
    ['multipart/mixed', message([...baseHeaders, 'Content-Type: multipart/mixed; boundary=b'], '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n')],
    ['an alternative with an attachment', alternative('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\ny\r\n--b--\r\n')],
    ['an alternative with two text parts', alternative('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: text/plain\r\n\r\ny\r\n--b--\r\n')],
    ['an alternative of three parts', alternative('--b\r\n\r\nx\r\n--b\r\nContent-Type: text/html\r\n\r\ny\r\n--b\r\nContent-Type: text/calendar\r\n\r\nz\r\n--b--\r\n')],
    ['a base64 multipart', alternative('--b\r\n\r\nx\r\n--b--\r\n', 'Content-Transfer-Encoding: base64')],
    ['an alternative nested in an alternative', alternative('--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n')],
    ['an alternative without delimiters', alternative('no parts here\r\n')],
    ['an alternative without a boundary', message([...baseHeaders, 'Content-Type: multipart/alternative'], '--b\r\n\r\nx\r\n')],
    ['a part without a blank line', alternative('--b\r\nContent-Type: text/plain\r\n--b--\r\n')],
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

  it('gives the list part without the search text, and the search part without the snippet', () => {
    for (const [name, raw] of readable) {
      const headers = readListFields(raw);
      const all = quickIndex(raw, headers)!;
      expect(quickIndex(raw, headers, 'list'), name).toEqual({ ...all, searchText: '' });
      expect(quickIndex(raw, headers, 'search'), name).toEqual({ ...all, snippet: '' });
    }
    const html = readable.find(([name]) => name === 'HTML only')![1];
    expect(quickIndex(html, readListFields(html))!.searchText).toContain('welcome');
  });

  it('agrees with the full parse on every fixture it reads, as sent and as stored (CRLF)', async () => {
    let read = 0;
    for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.eml'))) {
      const sent = readFileSync(new URL(file, fixtures));
      for (const raw of [sent, toCrlf(sent)]) {
        const quick = quickIndex(raw, readListFields(raw));
        if (quick === null) continue;
        expect(quick, file).toEqual(await indexMessage(raw));
        read++;
      }
    }
    expect(read).toBeGreaterThan(8);
  });
});
