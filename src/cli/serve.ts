import { formatOptionsHelp } from '../config/index.js';
import { startWorker } from '../core/start-worker.js';
import { applyServerHeapPolicy, serverThreadLimits } from './heap-policy.js';
import type { FromServeThread, ServeThreadData, ToServeThread } from './serve-protocol.js';

/**
 * `devmail serve [options]`: runs until SIGINT/SIGTERM, then shuts down gracefully.
 *
 * The server runs in a worker thread (`serve-thread.ts`) so that its V8 young generation can be
 * capped (`serverThreadLimits`); this thread only starts it, passes signals on and sets the exit
 * code. Its own heap stays at a few MB.
 */
export async function runServe(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: devmail [serve] [options]\n\nRuns the SMTP server, the API and the web UI.\n\n${formatOptionsHelp()}`);
    return 0;
  }
  applyServerHeapPolicy();
  const workerData: ServeThreadData = { argv, pretty: process.stdout.isTTY === true };
  const thread = startWorker(new URL('./serve-thread.js', import.meta.url), { workerData, env, resourceLimits: serverThreadLimits() });
  const told: FromServeThread[] = [];
  thread.on('message', (message: FromServeThread) => told.push(message));
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    thread.postMessage({ type: 'stop', signal } satisfies ToServeThread);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const code = await new Promise<number>((resolve, reject) => {
      thread.once('error', reject);
      thread.once('exit', resolve);
    });
    const [outcome] = told;
    if (outcome) {
      process.stderr.write(`devmail: ${outcome.message}\n`);
      return outcome.type === 'refused' ? 2 : 1;
    }
    return code;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
