import bcrypt from 'bcryptjs';
import { encrypt } from 'unixcrypt';
import { describe, expect, it } from 'vitest';
import {
  createCredentialVerifier,
  cramMd5Digest,
  parseCredentialSpec,
  parseCredentialsText,
  secretKind,
  verifyCramMd5,
  verifyPassword,
} from './credentials.js';

describe('parsing credentials', () => {
  it('splits an inline spec at the first colon so secrets may contain colons', () => {
    expect(parseCredentialSpec('alice:pa:ss')).toEqual({ user: 'alice', secret: 'pa:ss' });
  });

  it('rejects a spec without a user or a password and never echoes the spec', () => {
    expect(() => parseCredentialSpec(':secret1')).toThrow(/expected user:password/);
    expect(() => parseCredentialSpec('bob:')).toThrow(/expected user:password/);
    expect(() => parseCredentialSpec('nocolonsecret')).toThrow(/^(?!.*nocolonsecret)/s);
    expect(() => parseCredentialSpec('nocolonsecret')).toThrow('credential: expected user:password');
  });

  it('reads htpasswd-style text, skipping comments and blank lines', () => {
    const text = '# users\n\nalice:one\r\n  bob:$2y$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ12\n';
    const entries = parseCredentialsText(text, 'users.htpasswd');
    expect(entries.map((e) => e.user)).toEqual(['alice', 'bob']);
  });

  it('names the file and line of a bad entry', () => {
    expect(() => parseCredentialsText('alice:one\nbroken\n', 'users.txt')).toThrow('users.txt line 2');
  });
});

describe('verifying passwords', () => {
  it('tells secret kinds apart by prefix', () => {
    expect(secretKind('hunter2')).toBe('plain');
    expect(secretKind(bcrypt.hashSync('x', 4))).toBe('bcrypt');
    expect(secretKind('$5$salt$abc')).toBe('sha-crypt');
    expect(secretKind('$6$salt$abc')).toBe('sha-crypt');
  });

  it('checks plain-text secrets', async () => {
    const entry = { user: 'a', secret: 'right' };
    expect(await verifyPassword(entry, 'right')).toBe(true);
    expect(await verifyPassword(entry, 'wrong')).toBe(false);
    expect(await verifyPassword(entry, 'righ')).toBe(false);
  });

  it('checks bcrypt hashes', async () => {
    const entry = { user: 'a', secret: bcrypt.hashSync('right', 4) };
    expect(await verifyPassword(entry, 'right')).toBe(true);
    expect(await verifyPassword(entry, 'wrong')).toBe(false);
  });

  it('checks SHA-256 and SHA-512 crypt hashes', async () => {
    for (const salt of ['$5$saltsalt', '$6$saltsalt']) {
      const entry = { user: 'a', secret: encrypt('right', salt) };
      expect(await verifyPassword(entry, 'right')).toBe(true);
      expect(await verifyPassword(entry, 'wrong')).toBe(false);
    }
  });

  it('never matches a malformed SHA-crypt hash', async () => {
    expect(await verifyPassword({ user: 'a', secret: '$6$' }, '')).toBe(false);
  });
});

describe('CRAM-MD5', () => {
  it('matches the RFC 2195 example digest', () => {
    const challenge = '<1896.697170952@postoffice.reston.mci.net>';
    expect(cramMd5Digest('tanstaaftanstaaf', challenge)).toBe('b913a602c7eda7a495b4e6e7334d3890');
    expect(verifyCramMd5({ user: 'tim', secret: 'tanstaaftanstaaf' }, challenge, 'B913A602C7EDA7A495B4E6E7334D3890')).toBe(true);
    expect(verifyCramMd5({ user: 'tim', secret: 'other' }, challenge, 'b913a602c7eda7a495b4e6e7334d3890')).toBe(false);
  });

  it('cannot succeed against a hashed secret', () => {
    const entry = { user: 'a', secret: bcrypt.hashSync('pw', 4) };
    expect(verifyCramMd5(entry, '<c>', cramMd5Digest('pw', '<c>'))).toBe(false);
  });
});

describe('the credential verifier', () => {
  it('accepts anything when acceptAny is set', async () => {
    const v = createCredentialVerifier({ acceptAny: true, credentials: [] });
    expect(await v.verifyPlain('anyone', 'anything')).toBe(true);
    expect(v.verifyCramMd5('anyone', '<c>', 'junk')).toBe(true);
    expect(v.supportsCramMd5).toBe(true);
  });

  it('rejects unknown users and wrong passwords', async () => {
    const v = createCredentialVerifier({ acceptAny: false, credentials: [{ user: 'alice', secret: 'pw' }] });
    expect(await v.verifyPlain('alice', 'pw')).toBe(true);
    expect(await v.verifyPlain('alice', 'nope')).toBe(false);
    expect(await v.verifyPlain('mallory', 'pw')).toBe(false);
    expect(v.verifyCramMd5('alice', '<c>', cramMd5Digest('pw', '<c>'))).toBe(true);
    expect(v.verifyCramMd5('mallory', '<c>', cramMd5Digest('devmail-decoy-secret', '<c>'))).toBe(false);
  });

  it('offers CRAM-MD5 only when every secret is plain text', () => {
    const plain = createCredentialVerifier({ acceptAny: false, credentials: [{ user: 'a', secret: 'pw' }] });
    const mixed = createCredentialVerifier({
      acceptAny: false,
      credentials: [{ user: 'a', secret: 'pw' }, { user: 'b', secret: '$6$salt$hash' }],
    });
    expect(plain.supportsCramMd5).toBe(true);
    expect(mixed.supportsCramMd5).toBe(false);
  });
});
