import { inject } from 'vitest';

/**
 * Whether a system service or tool the set-up script manages is there. Missing under
 * CI=true is a failure (thrown at collection), elsewhere a loud skip naming the service:
 * use as `describe.skipIf(!hasService('swaks'))(…)`.
 */
export function hasService(name: string): boolean {
  const state = inject('services')[name];
  if (state === 'ok') return true;
  const why = state ?? 'not checked by scripts/test-services.sh';
  if (process.env.CI === 'true') throw new Error(`test service ${name} is required under CI=true: ${why}`);
  process.stderr.write(`*** SKIPPING tests that need ${name}: ${why} ***\n`);
  return false;
}
