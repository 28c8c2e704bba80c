import { performance } from 'node:perf_hooks';
import { percentile } from '../load/stats.js';

/** Timings of one kind of request, in milliseconds. */
export interface RequestTimings {
  requests: number;
  p50: number;
  p95: number;
  /** Non-2xx answers or failed requests (they are timed too). */
  failures: number;
  /** The first failure, for the report. */
  firstFailure?: string;
}

/**
 * Times `requests` GETs one after another (the figure is a request's latency, not throughput),
 * reading each body in full. `pathFor(i)` gives the i-th request's path under `base`.
 */
export async function timeRequests(base: string, requests: number, pathFor: (i: number) => string): Promise<RequestTimings> {
  const samples: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  // One unmeasured request first: connection set-up and the first statement prepare are not a query's cost.
  await fetch(new URL(pathFor(0), base)).then((r) => r.arrayBuffer()).catch(() => undefined);
  for (let i = 0; i < requests; i++) {
    const url = new URL(pathFor(i), base);
    const started = performance.now();
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (!res.ok) {
        failures++;
        firstFailure ??= `${url.pathname}${url.search} → ${res.status}`;
      }
    } catch (err) {
      failures++;
      firstFailure ??= `${url.pathname}${url.search} → ${(err as Error).message}`;
    }
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { requests, p50: percentile(samples, 50), p95: percentile(samples, 95), failures, firstFailure };
}

/** The `total` of the message list: what the API says is stored. */
export async function storedCount(base: string): Promise<number> {
  const res = await fetch(new URL('api/v1/messages?limit=1', base));
  if (!res.ok) throw new Error(`GET /api/v1/messages answered ${res.status}`);
  const body = (await res.json()) as { total?: number };
  return body.total ?? Number.NaN;
}
