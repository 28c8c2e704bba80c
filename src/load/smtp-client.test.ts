import { describe, expect, it } from 'vitest';
import { encodeDataBody, queuedId } from './smtp-client.js';

describe('encodeDataBody', () => {
  it('doubles a leading dot on every line and adds the terminator (RFC 5321 4.5.2)', () => {
    const out = encodeDataBody(Buffer.from('Subject: x\r\n\r\n.\r\n..two\r\nok\r\n.last'));
    expect(out.toString()).toBe('Subject: x\r\n\r\n..\r\n...two\r\nok\r\n..last\r\n.\r\n');
  });

  it('turns bare LF line ends into CRLF', () => {
    expect(encodeDataBody(Buffer.from('a\nb\n.c\n')).toString()).toBe('a\r\nb\r\n..c\r\n.\r\n');
  });

  it('keeps a message that already ends with CRLF from gaining an empty line', () => {
    expect(encodeDataBody(Buffer.from('a\r\n')).toString()).toBe('a\r\n.\r\n');
  });

  it('ends an empty message with the terminator alone', () => {
    expect(encodeDataBody(Buffer.alloc(0)).toString()).toBe('.\r\n');
  });
});

describe('queuedId', () => {
  it("reads the ID from devmail's 250 reply", () => {
    expect(queuedId({ code: 250, lines: ['2.0.0 Ok: queued as AbC123xyz'] })).toBe('AbC123xyz');
  });

  it('is empty when the reply names no queue ID', () => {
    expect(queuedId({ code: 250, lines: ['2.0.0 Ok'] })).toBe('');
  });
});
