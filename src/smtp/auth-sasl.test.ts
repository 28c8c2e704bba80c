import { describe, expect, it } from 'vitest';
import { SaslExchange, saslMechanism } from './auth-sasl.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('SASL exchanges', () => {
  it('reads PLAIN from an initial response', () => {
    const ex = new SaslExchange('PLAIN', 'h');
    expect(ex.start(b64('\0alice\0secret'))).toEqual({ kind: 'password', user: 'alice', password: 'secret' });
  });

  it('asks with an empty challenge when PLAIN has no initial response', () => {
    const ex = new SaslExchange('PLAIN', 'h');
    expect(ex.start(undefined)).toEqual({ kind: 'challenge', text: '' });
    expect(ex.next(b64('alice\0alice\0pw'))).toEqual({ kind: 'password', user: 'alice', password: 'pw' });
  });

  it('refuses PLAIN acting as another user and malformed PLAIN', () => {
    expect(new SaslExchange('PLAIN', 'h').start(b64('bob\0alice\0pw'))).toMatchObject({ kind: 'fail', reply: { code: 535 } });
    expect(new SaslExchange('PLAIN', 'h').start(b64('alice:pw'))).toMatchObject({ kind: 'fail', reply: { code: 501 } });
    expect(new SaslExchange('PLAIN', 'h').start('=')).toMatchObject({ kind: 'fail', reply: { code: 501 } });
  });

  it('walks LOGIN through its two prompts, with or without an initial user name', () => {
    const ex = new SaslExchange('LOGIN', 'h');
    expect(ex.start(undefined)).toEqual({ kind: 'challenge', text: b64('Username:') });
    expect(ex.next(b64('alice'))).toEqual({ kind: 'challenge', text: b64('Password:') });
    expect(ex.next(b64('pw'))).toEqual({ kind: 'password', user: 'alice', password: 'pw' });
    const quick = new SaslExchange('LOGIN', 'h');
    expect(quick.start(b64('bob'))).toEqual({ kind: 'challenge', text: b64('Password:') });
  });

  it('sends a fresh CRAM-MD5 challenge naming the host and splits the answer', () => {
    const ex = new SaslExchange('CRAM-MD5', 'mx.test');
    const step = ex.start(undefined);
    if (step.kind !== 'challenge') throw new Error('expected a challenge');
    const challenge = Buffer.from(step.text, 'base64').toString();
    expect(challenge).toMatch(/^<[0-9a-f]{16}\.\d+@mx\.test>$/);
    expect(ex.next(b64('user name abc123'))).toEqual({ kind: 'cram-md5', user: 'user name', challenge, digest: 'abc123' });
    expect(new SaslExchange('CRAM-MD5', 'h').start(b64('x'))).toMatchObject({ kind: 'fail' });
  });

  it('cancels on "*" and refuses bad base64', () => {
    expect(new SaslExchange('LOGIN', 'h').next('*')).toMatchObject({ kind: 'fail', reply: { code: 501, enhanced: '5.7.0' } });
    expect(new SaslExchange('LOGIN', 'h').next('abc')).toMatchObject({ kind: 'fail', reply: { code: 501, enhanced: '5.5.2' } });
  });

  it('offers CRAM-MD5 only when asked to', () => {
    expect(saslMechanism('plain', false)).toBe('PLAIN');
    expect(saslMechanism('cram-md5', false)).toBeNull();
    expect(saslMechanism('CRAM-MD5', true)).toBe('CRAM-MD5');
    expect(saslMechanism('XOAUTH2', true)).toBeNull();
  });
});
