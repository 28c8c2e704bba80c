import { describe, expect, it } from 'vitest';
import { DevmailError } from '../core/errors.js';
import { errorToReply, formatReply, isRefusal, R, reply } from './replies.js';

describe('formatting replies', () => {
  it('adds the enhanced code only when asked (after EHLO)', () => {
    expect(formatReply(R.ok, true)).toBe('250 2.0.0 Ok\r\n');
    expect(formatReply(R.ok, false)).toBe('250 Ok\r\n');
  });

  it('defaults the enhanced code to X.0.0 of the reply class, and never adds one to 3xx', () => {
    expect(formatReply({ code: 451, text: 'later' }, true)).toBe('451 4.0.0 later\r\n');
    expect(formatReply(R.dataGo, true)).toBe('354 End data with <CR><LF>.<CR><LF>\r\n');
    expect(formatReply({ code: 334, text: '' }, true)).toBe('334 \r\n');
  });

  it('writes multi-line replies with dashes and leaves out an empty enhanced code', () => {
    expect(formatReply(reply(250, '', ['mx greets you', 'PIPELINING', 'SIZE 10']), true)).toBe(
      '250-mx greets you\r\n250-PIPELINING\r\n250 SIZE 10\r\n',
    );
    expect(formatReply(reply(214, '2.0.0', ['a', 'b']), true)).toBe('214-2.0.0 a\r\n214 2.0.0 b\r\n');
  });

  it('strips line breaks from hook text so it cannot inject protocol lines', () => {
    expect(formatReply({ code: 550, text: 'no\r\n250 fake' }, false)).toBe('550 no 250 fake\r\n');
  });
});

describe('translating errors', () => {
  it('answers our own failures with 451 4.3.0 and marks them as ours', () => {
    for (const err of [new DevmailError('storage_failed', 'disk'), new DevmailError('unavailable', 'down'), new Error('x'), 'str']) {
      expect(errorToReply(err)).toEqual({ reply: R.localError, ours: true });
    }
  });

  it('answers policy errors with a 5xx that keeps their message', () => {
    expect(errorToReply(new DevmailError('forbidden', 'Blocked'))).toEqual({
      reply: { code: 550, enhanced: '5.7.1', text: 'Blocked' },
      ours: false,
    });
    expect(errorToReply(new DevmailError('too_large', 'Too big')).reply.code).toBe(552);
    expect(errorToReply(new DevmailError('bad_request', 'Bad')).reply.code).toBe(554);
  });

  it('treats 4xx, 5xx and disconnecting replies as refusals', () => {
    expect(isRefusal({ code: 250, text: '' })).toBe(false);
    expect(isRefusal({ code: 421, text: '' })).toBe(true);
    expect(isRefusal({ code: 250, text: '', disconnect: true })).toBe(true);
  });
});
