import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config/index.js';
import { isDevmailError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { startDevmail, type RunningDevmail } from '../devmail.js';
import type { FromServeThread, ServeThreadData, ToServeThread } from './serve-protocol.js';

/**
 * The server thread of `devmail serve` (see serve.ts): reads the configuration, runs devmail
 * until the main thread passes on a signal, then shuts down gracefully and lets the thread end.
 */
const port = parentPort!;
const data = workerData as ServeThreadData;

/**
 * Tells the main thread why devmail did not start, and ends the thread. A setting that cannot
 * be used (a bad flag, a database that will not open) is the operator's to fix: `refused`, exit
 * 2. Anything else: `failed`, exit 1.
 */
function refuse(err: unknown): void {
  const message: FromServeThread = isDevmailError(err, 'config_invalid')
    ? { type: 'refused', message: err.message }
    : { type: 'failed', message: isDevmailError(err) ? err.message : (err as Error)?.stack ?? String(err) };
  port.postMessage(message);
  port.close();
}

async function start(): Promise<RunningDevmail | null> {
  try {
    const config = loadConfig({ argv: data.argv, env: process.env });
    // In a worker `process.stdout` is a pipe to the main thread, never a terminal: the main
    // thread says whether its own is one.
    return await startDevmail(config, { logger: createLogger(config.log.level, data.pretty) });
  } catch (err) {
    refuse(err);
    return null;
  }
}

const devmail = await start();
if (devmail) {
  port.once('message', (message: ToServeThread) => {
    devmail.logger.info({ signal: message.signal }, 'shutting down: finishing messages in flight');
    void devmail.close().then(() => {
      devmail.logger.info('stopped');
      port.close();
    });
  });
}
