import { describe, expect, it } from 'vitest';
import { InputThrottle } from './throttle.js';

describe('InputThrottle', () => {
  it('releases every byte in order, no faster than the rate', async () => {
    const released: Buffer[] = [];
    const t0 = performance.now();
    const done = new Promise<number>((resolve) => {
      const throttle = new InputThrottle(2000, (chunk) => {
        released.push(chunk);
        if (Buffer.concat(released).length === 600) resolve(performance.now() - t0);
      });
      throttle.push(Buffer.from('a'.repeat(250)));
      throttle.push(Buffer.from('b'.repeat(350)));
      expect(throttle.pending).toBe(600);
    });
    const elapsed = await done;
    expect(Buffer.concat(released).toString()).toBe('a'.repeat(250) + 'b'.repeat(350));
    // 600 bytes at 2000 B/s, with at most a tenth of a second of credit: at least 0.2 s.
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(released.length).toBeGreaterThan(2);
  });

  it('hands the backlog over when lifted, and drops it when cleared', () => {
    const released: Buffer[] = [];
    const throttle = new InputThrottle(1, (chunk) => released.push(chunk));
    throttle.push(Buffer.from('one'));
    throttle.push(Buffer.from('two'));
    expect(throttle.drain().map(String)).toEqual(['one', 'two']);
    expect(throttle.pending).toBe(0);
    throttle.push(Buffer.from('three'));
    throttle.clear();
    expect(throttle.pending).toBe(0);
    expect(released).toEqual([]);
  });
});
