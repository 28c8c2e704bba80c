import { describe, expect, it } from 'vitest';
import { messageIdLength, newMessageId } from './ids.js';

describe('newMessageId', () => {
  it('makes 22-character URL-safe base62 IDs', () => {
    for (let i = 0; i < 1000; i++) expect(newMessageId()).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(messageIdLength).toBe(22);
  });

  it('does not repeat itself and uses the whole alphabet evenly', () => {
    const ids = Array.from({ length: 20_000 }, newMessageId);
    expect(new Set(ids).size).toBe(ids.length);
    const counts = new Map<string, number>();
    for (const ch of ids.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (ids.length * 22) / 62; // ≈ 7097 each
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.1);
  });
});
