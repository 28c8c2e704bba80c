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
  const options: WorkerOptions = { ...workerExecArgv(process.execArgv), ...givenOptions };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  // Node 20 ignores `--import tsx` in a worker's execArgv for its entry module, so a one-line
  // ESM entry registers tsx's hooks and then imports the source. Resolved from here, not cwd.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const register = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = `import { register } from ${JSON.stringify(register)}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), options);
}

/**
 * The flags a worker starts with. By default a worker inherits the process's own, which is
 * right, V8 flags such as `--max-semi-space-size` included (a worker refuses those when they are
 * given explicitly). The exception is `--input-type` (a host started with `node
 * --input-type=module -e …`): it applies to string input only and makes a worker's start fail,
 * so then the list is given without it, and without the V8 and process-wide flags a worker
 * refuses (they still apply: V8's flags are the process's).
 */
export function workerExecArgv(execArgv: readonly string[]): Pick<WorkerOptions, 'execArgv'> {
  if (!execArgv.some((arg) => arg.startsWith('--input-type'))) return {};
  return { execArgv: execArgv.filter((arg) => !arg.startsWith('--input-type') && !refusedInWorkers(arg)) };
}

/** Node's own flags that a worker accepts in `execArgv` (the rest are V8's or process-wide). */
function refusedInWorkers(arg: string): boolean {
  if (!arg.startsWith('--')) return false;
  const name = arg.split('=')[0];
  return !workerFlags.some((prefix) => name === prefix || name.startsWith(`${prefix}-`));
}

const workerFlags = [
  '--import',
  '--require',
  '--loader',
  '--experimental',
  '--no-experimental',
  '--conditions',
  '--enable-source-maps',
  '--no-warnings',
  '--no-deprecation',
  '--trace-warnings',
  '--trace-deprecation',
  '--throw-deprecation',
  '--pending-deprecation',
  '--unhandled-rejections',
];
