import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findDotLine, prepareMessage, readMessage } from './sendmail-message.js';

const now = new Date('2026-11-28T10:00:00Z');

describe('prepareMessage', () => {
  it('removes Bcc with its folded lines and reports To, Cc and Bcc for -t', () => {
    const input = Buffer.from('To: a@x\nBcc: "Secret" <s@x>,\n  t@x\nCc: c@x\nSubject: hi\n\nbody\n');
    const out = prepareMessage(input, { sender: 'me@host', fullName: null, now });
    const text = out.raw.toString();
    expect(text).not.toMatch(/bcc|s@x|t@x/i);
    expect(text).toContain('To: a@x\r\nCc: c@x\r\nSubject: hi\r\n\r\nbody\r\n');
    expect(out.recipientHeaders).toEqual(['a@x', '"Secret" <s@x>,  t@x', 'c@x']);
  });

  it('adds From (with the -F name) and Date when the message has none', () => {
    const out = prepareMessage(Buffer.from('Subject: x\n\nbody\n'), { sender: 'app@host', fullName: 'App, Inc.', now });
    expect(out.raw.toString()).toBe('From: "App, Inc." <app@host>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nSubject: x\r\n\r\nbody\r\n');
  });

  it('keeps the From and Date the message has', () => {
    const input = 'From: me@x\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: x\r\n\r\nb\r\n';
    expect(prepareMessage(Buffer.from(input), { sender: 'other@host', fullName: 'N', now }).raw.toString()).toBe(input);
  });

  it('drops a leading mbox From_ line and uses Resent- headers when present', () => {
    const input = Buffer.from('From someone Sat Nov 28 10:00:00 2026\nFrom: a@x\nTo: old@x\nResent-To: new@x\n\nb\n');
    const out = prepareMessage(input, { sender: 's@h', fullName: null, now });
    expect(out.raw.toString().startsWith('Date: ')).toBe(true);
    expect(out.raw.toString()).toContain('From: a@x\r\n');
    expect(out.recipientHeaders).toEqual(['new@x']);
  });

  it('puts a blank line between added headers and a message that is all body', () => {
    const out = prepareMessage(Buffer.from('just text\n'), { sender: 's@h', fullName: null, now });
    expect(out.raw.toString()).toBe('From: s@h\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\njust text\r\n');
  });
});

describe('findDotLine', () => {
  it('finds a lone dot line with LF or CRLF, at the start or after a line', () => {
    expect(findDotLine(Buffer.from('a\n.\nb'), 0, false)).toBe(2);
    expect(findDotLine(Buffer.from('a\r\n.\r\nb'), 0, false)).toBe(3);
    expect(findDotLine(Buffer.from('.\n'), 0, false)).toBe(0);
  });

  it('ignores dots that start longer lines, and a final dot unless the input ended', () => {
    expect(findDotLine(Buffer.from('a\n.b\n..\n'), 0, false)).toBe(-1);
    expect(findDotLine(Buffer.from('a\n.'), 0, false)).toBe(-1);
    expect(findDotLine(Buffer.from('a\n.'), 0, true)).toBe(2);
  });
});

describe('readMessage', () => {
  const stream = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)));

  it('stops at a lone dot line, even one split across chunks', async () => {
    expect((await readMessage(stream('Subject: x\n\nline\n', '.', '\nnot this\n'), false)).toString()).toBe('Subject: x\n\nline\n');
  });

  it('reads past a lone dot with -i', async () => {
    expect((await readMessage(stream('a\n.\nb\n'), true)).toString()).toBe('a\n.\nb\n');
  });

  it('reads to the end when there is no dot line', async () => {
    expect((await readMessage(stream('a\n', '.b\n'), false)).toString()).toBe('a\n.b\n');
  });
});
