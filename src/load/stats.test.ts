import { describe, expect, it } from 'vitest';
import { LatencyRecorder, percentile, Tally } from './stats.js';

describe('percentile', () => {
  it('takes the nearest rank: the smallest value with at least p% at or below it', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 10)).toBe(1);
    expect(percentile(sorted, 11)).toBe(2);
    expect(percentile(sorted, 100)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it('is NaN for no samples and the sample itself for one', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([42], 99)).toBe(42);
  });
});

describe('LatencyRecorder', () => {
  it('summarises samples given in any order, growing past its first capacity', () => {
    const recorder = new LatencyRecorder(16);
    for (let i = 100; i >= 1; i--) recorder.add(i);
    expect(recorder.count).toBe(100);
    expect(recorder.summarise()).toEqual({ p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('sorts numerically, not as text', () => {
    const recorder = new LatencyRecorder();
    for (const v of [10, 9, 100, 2]) recorder.add(v);
    expect(recorder.summarise().p50).toBe(9);
    expect(recorder.summarise().max).toBe(100);
  });
});

describe('Tally', () => {
  it('counts by label and lists labels sorted', () => {
    const tally = new Tally();
    for (const code of ['451', '250', '250', 'ECONNRESET']) tally.add(code);
    expect(tally.toJSON()).toEqual({ '250': 2, '451': 1, ECONNRESET: 1 });
    expect(Object.keys(tally.toJSON())).toEqual(['250', '451', 'ECONNRESET']);
  });
});
