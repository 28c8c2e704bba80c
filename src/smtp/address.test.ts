import { describe, expect, it } from 'vitest';
import { hasNonAscii, parsePathArgument } from './address.js';

describe('parsing MAIL FROM and RCPT TO arguments', () => {
  it('reads an address in angle brackets with parameters', () => {
    expect(parsePathArgument('FROM:<a@example.com> SIZE=100 BODY=8BITMIME SMTPUTF8', 'FROM')).toEqual({
      ok: true,
      address: 'a@example.com',
      params: { SIZE: '100', BODY: '8BITMIME', SMTPUTF8: '' },
    });
  });

  it('is case-insensitive about the keyword and upper-cases parameter keys', () => {
    const r = parsePathArgument('to:<b@example.com> notify=never', 'TO');
    expect(r).toEqual({ ok: true, address: 'b@example.com', params: { NOTIFY: 'never' } });
  });

  it('accepts the null sender for MAIL but not for RCPT', () => {
    expect(parsePathArgument('FROM:<>', 'FROM')).toMatchObject({ ok: true, address: '' });
    expect(parsePathArgument('TO:<>', 'TO')).toMatchObject({ ok: false });
  });

  it('tolerates a space after the colon and missing angle brackets', () => {
    expect(parsePathArgument('FROM: <a@x.org>', 'FROM')).toMatchObject({ ok: true, address: 'a@x.org' });
    expect(parsePathArgument('TO:b@y.org', 'TO')).toMatchObject({ ok: true, address: 'b@y.org' });
  });

  it('drops a source route', () => {
    expect(parsePathArgument('TO:<@relay.one,@relay.two:c@z.net>', 'TO')).toMatchObject({ ok: true, address: 'c@z.net' });
  });

  it('keeps quoted local parts with spaces and angle brackets', () => {
    expect(parsePathArgument('TO:<"john > doe"@x.org>', 'TO')).toMatchObject({ ok: true, address: '"john > doe"@x.org' });
  });

  it('accepts Postmaster without a domain only as a recipient', () => {
    expect(parsePathArgument('TO:<Postmaster>', 'TO')).toMatchObject({ ok: true, address: 'Postmaster' });
    expect(parsePathArgument('FROM:<Postmaster>', 'FROM')).toMatchObject({ ok: false });
  });

  it('accepts address literals', () => {
    expect(parsePathArgument('TO:<u@[127.0.0.1]>', 'TO')).toMatchObject({ ok: true });
    expect(parsePathArgument('TO:<u@[IPv6:::1]>', 'TO')).toMatchObject({ ok: true });
  });

  it('keeps UTF-8 addresses intact for the SMTPUTF8 check', () => {
    const r = parsePathArgument('TO:<用户@例子.广告>', 'TO');
    expect(r).toMatchObject({ ok: true, address: '用户@例子.广告' });
    expect(hasNonAscii('用户@例子.广告')).toBe(true);
    expect(hasNonAscii('user@example.com')).toBe(false);
  });

  it.each([
    ['FROM<a@x.org>', 'FROM'],
    ['FROM:<a@x.org', 'FROM'],
    ['FROM:<a@x.org>junk', 'FROM'],
    ['FROM:<a@>', 'FROM'],
    ['FROM:<@x.org>', 'FROM'],
    ['TO:<a@x..org>', 'TO'],
    ['TO:<a b@x.org>', 'TO'],
    ['TO:<a@x.org> =bad', 'TO'],
    ['TO:', 'TO'],
    ['RCPT:<a@x.org>', 'TO'],
  ] as const)('rejects %s', (arg, kind) => {
    expect(parsePathArgument(arg, kind).ok).toBe(false);
  });
});
