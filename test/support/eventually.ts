import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `check` holds, for outcomes a server reaches on its own timers (a relay retry, a
 * webhook delivery): at most `tries` reads, `intervalMs` apart. Returns the last value read,
 * so the caller's assertion shows what was there when it gave up.
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, tries = 400, intervalMs = 25): Promise<T> {
  let value = await read();
  for (let i = 1; i < tries && !check(value); i++) {
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}
