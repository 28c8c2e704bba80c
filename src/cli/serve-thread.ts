import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config/index.js';
import { isDevmailError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { startDevmail } from '../devmail.js';
import type { ServeThreadData, ToServeThread, FromServeThread } from './serve-protocol.js';

/**
 * The server thread of `devmail serve` (see serve.ts): reads the configuration, runs devmail
 * until the main thread passes on a signal, then shuts down gracefully and lets the thread end.
 */
const port = parentPort!;
const data = workerData as ServeThreadData;
const tell = (message: FromServeThread) => port.postMessage(message);

let config;
try {
  config = loadConfig({ argv: data.argv, env: process.env });
} catch (err) {
  if (!isDevmailError(err, 'config_invalid')) throw err;
  tell({ type: 'refused', message: err.message });
  port.close();
}
if (config) {
  // In a worker `process.stdout` is a pipe to the main thread, never a terminal: the main
  // thread says whether its own is one.
  const devmail = await startDevmail(config, { logger: createLogger(config.log.level, data.pretty) }).catch((err: unknown) => {
    tell({ type: 'failed', message: isDevmailError(err) ? err.message : (err as Error)?.stack ?? String(err) });
    port.close();
    return null;
  });
  devmail && port.once('message', (message: ToServeThread) => {
    devmail.logger.info({ signal: message.signal }, 'shutting down: finishing messages in flight');
    void devmail.close().then(() => {
      devmail.logger.info('stopped');
      port.close();
    });
  });
}
