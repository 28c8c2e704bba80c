/**
 * Figures over several rounds of one configuration. This machine's speed drifts from minute to
 * minute (the same build has measured 3,000 and 4,400 msg/s in runs a minute apart), so a
 * comparison is only as good as its pairing: `npm run bench -- --rounds N` runs devmail and
 * smtp-sink alternately N times and reports medians, the ratio as the median of each round's.
 */

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The index of the median value (the lower of the two middle ones for an even count); -1 for none. */
export function medianIndex(values: readonly number[]): number {
  if (values.length === 0) return -1;
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  return order[(values.length - 1) >> 1];
}
