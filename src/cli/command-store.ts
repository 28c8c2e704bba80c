import { pino } from 'pino';
import { loadConfig, type Config } from '../config/index.js';
import type { Logger } from '../core/logger.js';
import { indexMessage, quickIndex } from '../mime/index.js';
import { openStore, type Store } from '../store/index.js';

/** The store a command opened, with the configuration and logger it used. */
export interface CommandStore {
  config: Config;
  store: Store;
  logger: Logger;
}

/**
 * Opens the store named by `--database` / `DEVMAIL_DATABASE` (the same option as `serve`), for
 * commands that work on stored mail. Logs go to stderr so stdout keeps the command's output;
 * only warnings unless `--verbose`. Throws DevmailError('config_invalid') for a bad option.
 */
export async function openCommandStore(configArgv: string[], env: NodeJS.ProcessEnv): Promise<CommandStore> {
  const config = loadConfig({ argv: configArgv, env });
  const logger = pino({ level: config.log.level === 'debug' ? 'debug' : 'warn', base: undefined }, pino.destination(2));
  const store = await openStore(config.store.database, { indexer: indexMessage, quickIndexer: quickIndex, logger: logger.child({ subsystem: 'store' }) });
  return { config, store, logger };
}
