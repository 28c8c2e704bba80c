import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The module a `.js` URL names: itself when it exists (the build), else its `.ts` source beside
 * it (tests run from sources, where `new URL('./x.js', import.meta.url)` names a missing file).
 */
export function resolveModuleUrl(url: URL | string): URL {
  const u = new URL(url);
  if (u.protocol !== 'file:' || !u.pathname.endsWith('.js') || existsSync(fileURLToPath(u))) return u;
  const ts = new URL(u.href.replace(/\.js$/, '.ts'));
  return existsSync(fileURLToPath(ts)) ? ts : u;
}

/**
 * Starts a worker thread on a module: the compiled `.js` directly, a `.ts` source through tsx
 * (a devDependency: only tests and `tsx` runs load sources, so the build never needs it).
 */
export function startWorker(moduleUrl: URL | string, givenOptions: WorkerOptions = {}): Worker {
  const url = resolveModuleUrl(moduleUrl);
  // A worker inherits the process's flags; `--input-type` (a host started with `node
  // --input-type=module -e …`) applies to string input only and makes a worker's start fail.
  const options: WorkerOptions = { execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type')), ...givenOptions };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  // Node 20 ignores `--import tsx` in a worker's execArgv for its entry module, so a one-line
  // ESM entry registers tsx's hooks and then imports the source. Resolved from here, not cwd.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const register = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = `import { register } from ${JSON.stringify(register)}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), options);
}
