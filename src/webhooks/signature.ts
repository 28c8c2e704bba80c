import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the signature: `sha256=` and the hex HMAC-SHA256 of `timestamp + "." + body`. */
export const SIGNATURE_HEADER = 'X-Devmail-Signature';
/** Header with the time of signing, in seconds since the epoch (part of what is signed). */
export const TIMESTAMP_HEADER = 'X-Devmail-Timestamp';

/**
 * The signature of one post. The timestamp is signed with the body so a captured post cannot
 * be replayed later with a new time: a receiver checks the signature, then that the time is
 * recent (say within five minutes).
 */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** Checks a signature in constant time; what a receiver does (also used by the tests). */
export function verifyWebhook(secret: string, timestampSeconds: number | string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestampSeconds), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
