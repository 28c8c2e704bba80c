import { setFlagsFromString } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';

/**
 * How far (in percent) V8 lets the old generation grow past what survived its last full
 * collection before it collects again. V8's own factor climbs to about 4× under a high
 * allocation rate: the server's live heap is ~27 MB, but under a steady SMTP load the server
 * thread promotes a few KB of short-lived objects per message, so its old generation grew to
 * ~100 MB between collections. At 50% it stays near 40 MB. Measured with `devmail load` (40,000
 * messages of 2 KB, 10 reused sessions): peak RSS 273 MB → 219 MB. The price is more frequent
 * (incremental, concurrent) full collections: ~15 µs more of V8's helper threads' CPU per
 * message, about 3% of what a message costs in all.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The server thread's V8 young generation, in MB. A process's main thread takes V8's default
 * (a 32 MB new space on 64-bit, all of it touched while devmail's modules load) and only a
 * start-up flag changes it; a worker's is set when it starts. So `devmail serve` runs the server
 * in a worker with this limit, as the store and parse threads already were. Measured with
 * `devmail load` (100,000 messages of 2 KB, 10 reused sessions): peak RSS 220 MB → 197–207 MB,
 * the rate within run-to-run noise (see docs/architecture.md).
 */
export const SERVER_YOUNG_GENERATION_MB = 8;

/**
 * Applies the server's heap policy to this process, unless the operator chose a growing factor
 * on the command line (Node does not take this flag in NODE_OPTIONS). V8 reads the flag each
 * time it sets the next collection's limit, so setting it at start-up takes effect (a heap-size
 * flag would not: those are fixed when the isolate is made). V8's flags are the process's, so
 * this covers every thread. Only for `devmail serve`: a program that embeds devmail through
 * `startDevmail` keeps its own heap settings.
 */
export function applyServerHeapPolicy(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/**
 * The server thread's resource limits: its young generation capped, unless the operator sized
 * V8's young generation with a flag (on the command line or in NODE_OPTIONS), which then holds.
 */
export function serverThreadLimits(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): ResourceLimits | undefined {
  const sizesYoung = /^--(max|min)[-_]semi[-_]space[-_]size/;
  const flags = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (flags.some((flag) => sizesYoung.test(flag))) return undefined;
  return { maxYoungGenerationSizeMb: SERVER_YOUNG_GENERATION_MB };
}
