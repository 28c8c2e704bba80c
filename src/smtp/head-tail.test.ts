import { describe, expect, it } from 'vitest';
import { HeadTail } from './head-tail.js';

describe('HeadTail', () => {
  it('keeps everything while it fits', () => {
    const kept = new HeadTail<number>(2, 3);
    for (let i = 0; i < 5; i++) kept.push(i);
    expect(kept.items()).toEqual([0, 1, 2, 3, 4]);
    expect([kept.count, kept.omitted]).toEqual([5, 0]);
  });

  it('keeps the first and the last items in order and counts those dropped between', () => {
    const kept = new HeadTail<number>(2, 3);
    for (let i = 0; i < 11; i++) kept.push(i);
    expect(kept.items()).toEqual([0, 1, 8, 9, 10]);
    expect([kept.count, kept.omitted]).toEqual([11, 6]);
  });

  it('keeps only its ends however many items pass', () => {
    const kept = new HeadTail<string>(1, 1);
    for (let i = 0; i < 100_000; i++) kept.push(`item ${i}`);
    expect(kept.items()).toEqual(['item 0', 'item 99999']);
    expect(kept.omitted).toBe(99_998);
  });
});
