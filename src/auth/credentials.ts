import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { verify as verifyShaCrypt } from 'unixcrypt';
import { DevmailError } from '../core/errors.js';
import type { CredentialEntry } from '../config/types.js';

/** How a stored secret is kept: as given, or as a bcrypt / SHA-crypt hash. */
export type SecretKind = 'plain' | 'bcrypt' | 'sha-crypt';

// bcrypt is `$2a$NN$` + 53 characters (htpasswd -B writes `$2y$`); SHA-crypt is `$5$`/`$6$`
// (crypt(5)). A plain-text password that happens to look like a hash is read as a hash: the
// same rule Apache's htpasswd and Dovecot apply.
const BCRYPT_PREFIX = /^\$2[abxy]\$\d\d\$/;

/** Tells how `secret` is stored, from its prefix. */
export function secretKind(secret: string): SecretKind {
  if (BCRYPT_PREFIX.test(secret)) return 'bcrypt';
  if (secret.startsWith('$5$') || secret.startsWith('$6$')) return 'sha-crypt';
  return 'plain';
}

/** Parses one inline `user:secret` (the secret may itself contain ':'). */
export function parseCredentialSpec(spec: string, source = 'credential'): CredentialEntry {
  const colon = spec.indexOf(':');
  const user = colon > 0 ? spec.slice(0, colon).trim() : '';
  if (user === '' || colon === spec.length - 1) {
    // Never echo `spec`: it holds a password.
    throw new DevmailError('config_invalid', `${source}: expected user:password`);
  }
  return { user, secret: spec.slice(colon + 1) };
}

/**
 * Parses htpasswd-style text: one `user:secret` a line, blank lines and `#` comments skipped.
 * `source` names the file in errors (which give the line number, never the line).
 */
export function parseCredentialsText(text: string, source: string): CredentialEntry[] {
  const entries: CredentialEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    entries.push(parseCredentialSpec(line, `${source} line ${i + 1}`));
  }
  return entries;
}

function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares two strings in constant time (hashing first makes the lengths equal). */
function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Checks `password` against one entry's secret (plain, bcrypt or SHA-crypt). */
export async function verifyPassword(entry: CredentialEntry, password: string): Promise<boolean> {
  switch (secretKind(entry.secret)) {
    case 'bcrypt':
      return bcrypt.compare(password, entry.secret);
    case 'sha-crypt':
      try {
        return verifyShaCrypt(password, entry.secret);
      } catch {
        return false; // a malformed hash in the file never matches
      }
    default:
      return constantTimeEquals(password, entry.secret);
  }
}

/** The expected CRAM-MD5 digest (RFC 2195): hex HMAC-MD5 of the challenge keyed by the password. */
export function cramMd5Digest(password: string, challenge: string): string {
  return createHmac('md5', password).update(challenge).digest('hex');
}

/** Checks a CRAM-MD5 response digest; only plain-text secrets can be checked (RFC 2195 §2). */
export function verifyCramMd5(entry: CredentialEntry, challenge: string, digestHex: string): boolean {
  if (secretKind(entry.secret) !== 'plain') return false;
  return constantTimeEquals(cramMd5Digest(entry.secret, challenge), digestHex.toLowerCase());
}

/** The engine's view of the configured credentials. */
export interface CredentialVerifier {
  /** Any user and password pass; the user name is still recorded. */
  readonly acceptAny: boolean;
  /** CRAM-MD5 can succeed for every configured user (all secrets are plain text). */
  readonly supportsCramMd5: boolean;
  /** True when `user` exists and `password` matches. */
  verifyPlain(user: string, password: string): Promise<boolean>;
  /** True when `user` exists and `digestHex` answers `challenge`. */
  verifyCramMd5(user: string, challenge: string, digestHex: string): boolean;
}

/** Builds a verifier over the `auth` slice of the SMTP configuration. */
export function createCredentialVerifier(auth: {
  acceptAny: boolean;
  credentials: readonly CredentialEntry[];
}): CredentialVerifier {
  const byUser = new Map<string, CredentialEntry>();
  for (const entry of auth.credentials) byUser.set(entry.user, entry);
  // An unknown user still costs one comparison, so timing does not tell which users exist.
  const decoy: CredentialEntry = { user: '', secret: 'devmail-decoy-secret' };
  return {
    acceptAny: auth.acceptAny,
    supportsCramMd5:
      auth.acceptAny || (byUser.size > 0 && [...byUser.values()].every((e) => secretKind(e.secret) === 'plain')),
    async verifyPlain(user, password) {
      if (auth.acceptAny) return true;
      const entry = byUser.get(user);
      const ok = await verifyPassword(entry ?? decoy, password);
      return entry !== undefined && ok;
    },
    verifyCramMd5(user, challenge, digestHex) {
      if (auth.acceptAny) return true;
      const entry = byUser.get(user);
      const ok = verifyCramMd5(entry ?? decoy, challenge, digestHex);
      return entry !== undefined && ok;
    },
  };
}
