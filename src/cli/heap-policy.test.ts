import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * A process that keeps promoting short-lived objects (each lives long enough to reach the old
 * generation, then dies), as the server's main thread does under load; it prints the largest
 * heap V8 committed. With the policy applied, V8 must collect sooner.
 */
const churn = (applyPolicy: boolean) => `
  import { getHeapStatistics } from 'node:v8';
  import { applyServerHeapPolicy } from ${JSON.stringify(new URL('./heap-policy.ts', import.meta.url).href)};
  if (${applyPolicy}) applyServerHeapPolicy([]);
  const ring = new Array(200_000);
  let peak = 0;
  for (let i = 0; i < 6_000_000; i++) {
    ring[i % ring.length] = { n: i, s: 'x' + i, a: [i] };
    if (i % 50_000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size);
  }
  console.log(peak);`;

async function peakHeap(applyPolicy: boolean): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', churn(applyPolicy)], {
    timeout: 60_000,
  });
  return Number(stdout.trim());
}

describe('applyServerHeapPolicy', () => {
  it('keeps the old generation close to the live heap under a promoting load', async () => {
    const [without, withPolicy] = await Promise.all([peakHeap(false), peakHeap(true)]);
    expect(withPolicy).toBeLessThan(without * 0.8);
  });

  it('leaves a growing factor the operator chose alone', async () => {
    const { applyServerHeapPolicy } = await import('./heap-policy.js');
    expect(applyServerHeapPolicy(['--max-old-space-size=512', '--heap-growing-percent=20'])).toBe(false);
  });
});

describe('serverThreadLimits', () => {
  it('caps the server thread young generation', async () => {
    const { serverThreadLimits, SERVER_YOUNG_GENERATION_MB } = await import('./heap-policy.js');
    expect(serverThreadLimits([], '')).toEqual({ maxYoungGenerationSizeMb: SERVER_YOUNG_GENERATION_MB });
    expect(serverThreadLimits(['--max-old-space-size=512'], '--enable-source-maps')).toEqual({ maxYoungGenerationSizeMb: SERVER_YOUNG_GENERATION_MB });
  });

  it('leaves a young generation the operator sized alone, on the command line or in NODE_OPTIONS', async () => {
    const { serverThreadLimits } = await import('./heap-policy.js');
    expect(serverThreadLimits(['--max-semi-space-size=16'], '')).toBeUndefined();
    expect(serverThreadLimits([], '--enable-source-maps --max_semi_space_size=2')).toBeUndefined();
    expect(serverThreadLimits([], '--min-semi-space-size=1')).toBeUndefined();
  });
});
