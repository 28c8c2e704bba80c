import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Length of a message ID: 22 base62 characters carry 130 random bits, like Mailpit's 22-char IDs. */
export const messageIdLength = 22;

// Bytes ≥ 248 (= 4 × 62) are skipped so every character is equally likely (no modulo bias).
const unbiasedLimit = 248;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A new random, URL-safe message ID (22 base62 characters from the system CSPRNG). */
export function newMessageId(): string {
  let id = '';
  while (id.length < messageIdLength) {
    if (poolOffset >= pool.length) {
      pool = randomBytes(4096);
      poolOffset = 0;
    }
    const byte = pool[poolOffset++];
    if (byte < unbiasedLimit) id += alphabet[byte % 62];
  }
  return id;
}
