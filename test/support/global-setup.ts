import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { ensureBuilt, ensureUiBuilt } from './built-cli.js';

/** Runs scripts/test-services.sh once per test run and shares which services are there. */
export default function setup(project: TestProject): void {
  const output = execFileSync('bash', ['scripts/test-services.sh'], { encoding: 'utf8' });
  const services: Record<string, string> = {};
  for (const line of output.trim().split('\n')) {
    const [name, ...rest] = line.split(' ');
    services[name] = rest.join(' ');
  }
  const missing = Object.entries(services).filter(([, state]) => state !== 'ok');
  for (const [name, state] of missing) {
    process.stderr.write(`\n*** test service ${name} is ${state} — tests that need it will ${process.env.CI === 'true' ? 'FAIL (CI=true)' : 'be SKIPPED'} ***\n`);
  }
  project.provide('services', services);
  // Tests that spawn the CLI (sendmail, kill -9) need the build: once, before files run in parallel.
  ensureBuilt();
  // The server serves dist/web; the UI tests open it in a browser.
  ensureUiBuilt();
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: Record<string, string>;
  }
}
