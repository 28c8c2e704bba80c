import { describe, expect, it } from 'vitest';
import { isMessageId, messageIdLength, newMessageId } from './ids.js';

describe('newMessageId', () => {
  it('makes 22-character URL-safe base62 IDs', () => {
    for (let i = 0; i < 1000; i++) expect(newMessageId()).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(messageIdLength).toBe(22);
  });

  it('sorts IDs made later after earlier ones, as text, over the whole range of times', () => {
    const times = [0, 1, 61, 62, 1_000_000, Date.parse('2026-11-29T00:00:00Z'), Date.parse('2026-11-29T00:00:00.001Z'), Date.parse('8000-01-01T00:00:00Z')];
    const ids = times.map((t) => newMessageId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map((id) => id.slice(0, 8))).toContain('00000000');
  });

  it('does not repeat itself within a millisecond, and its random part uses the whole alphabet evenly', () => {
    const ids = Array.from({ length: 20_000 }, () => newMessageId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    const counts = new Map<string, number>();
    for (const id of ids) for (const ch of id.slice(8)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (ids.length * 14) / 62; // ≈ 4516 each
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.1);
  });

  it('tells its own IDs from other strings', () => {
    expect(isMessageId(newMessageId())).toBe(true);
    for (const bad of ['', 'short', `${newMessageId()}x`, `${newMessageId().slice(0, 21)}-`, `${newMessageId().slice(0, 21)}é`, 42, null]) {
      expect(isMessageId(bad)).toBe(false);
    }
  });
});
