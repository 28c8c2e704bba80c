import { randomBytes } from 'node:crypto';

/** In ASCII order, so IDs compare (byte by byte, as SQLite's TEXT does) as their values do. */
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Length of a message ID: 22 base62 characters, like Mailpit's IDs. */
export const messageIdLength = 22;

/** Characters of the creation time (ms): 62^8 ms reach past the year 8000. */
const timeLength = 8;

// Bytes ≥ 248 (= 4 × 62) are skipped so every character is equally likely (no modulo bias).
const unbiasedLimit = 248;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * A new URL-safe message ID: the creation time in milliseconds (8 base62 characters), then 14
 * random characters from the system CSPRNG (83 bits). Time first so that a new ID sorts after
 * the ones before it: the `id` index then grows at its end, as a log does, instead of taking
 * each insert at a random leaf. Measured at 200k–300k stored messages (2 KB, groups of 8,
 * FULL sync): 119–132 → 102–110 µs of CPU per insert, and the gap widens as the index
 * outgrows the page cache.
 */
export function newMessageId(now = Date.now()): string {
  let id = '';
  for (let t = Math.max(0, Math.floor(now)), i = 0; i < timeLength; i++, t = Math.floor(t / 62)) id = alphabet[t % 62] + id;
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

/** True for a string of the form `newMessageId` makes (any time, any random part). */
export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && value.length === messageIdLength && /^[0-9A-Za-z]+$/.test(value);
}
