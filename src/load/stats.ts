/** Latency figures of a load run, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile (`p` from 0 to 100) of values sorted ascending: the smallest
 * value with at least p% of the values at or below it. NaN when there are none.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Collects samples in a growing Float64Array: no per-sample allocation on the hot path. */
export class LatencyRecorder {
  private samples: Float64Array;
  private size = 0;

  constructor(expected = 1024) {
    this.samples = new Float64Array(Math.max(16, expected));
  }

  /** Adds one sample. */
  add(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  /** Number of samples so far. */
  get count(): number {
    return this.size;
  }

  /** p50/p95/p99/max/mean of the samples so far (all NaN when there are none). */
  summarise(): LatencySummary {
    const sorted = this.samples.slice(0, this.size).sort();
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: this.size ? sorted[this.size - 1] : Number.NaN,
      mean: this.size ? sum / this.size : Number.NaN,
    };
  }
}

/** Counts by label (reply codes, error kinds), kept in insertion order. */
export class Tally {
  private readonly counts = new Map<string, number>();

  /** Adds one to `label`. */
  add(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  /** The counts as a plain object, labels sorted. */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
