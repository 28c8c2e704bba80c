import { describe, expect, it } from 'vitest';
import { median, medianIndex } from './rounds.js';

describe('bench rounds', () => {
  it('takes the median, the mean of the middle two for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('finds the round whose value is the median, the lower middle one for an even count', () => {
    expect(medianIndex([3100, 2900, 3500])).toBe(0);
    expect(medianIndex([10, 40, 30, 20])).toBe(3);
    expect(medianIndex([5, 5, 5])).toBe(1);
    expect(medianIndex([])).toBe(-1);
  });
});
