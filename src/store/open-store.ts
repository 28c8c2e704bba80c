import { DevmailError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { IndexerModule, MessageIndexer, QuickIndexer, Store } from './store.js';
import { openWorkerStore } from './worker/worker-store.js';

/** What every store needs from the rest of devmail. */
export interface StoreDeps {
  /**
   * A module to load (the server): the store runs in its own worker thread, its commits and
   * index writes off the main event loop. A function (commands, tests): the store runs in the
   * calling thread.
   */
  indexer: MessageIndexer | IndexerModule;
  /** With a function indexer, the quick index (a module brings its own). */
  quickIndexer?: QuickIndexer;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Opens the store `database` names (the `--db` value): a postgres:// URL, or else a SQLite file
 * path or ':temp:'. Any other URL scheme is a configuration error.
 */
export async function openStore(database: string, deps: StoreDeps): Promise<Store> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(database)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new DevmailError('config_invalid', 'PostgreSQL storage (--db postgres://…) is not built yet: use a file path or :temp:');
  }
  if (scheme !== undefined) {
    throw new DevmailError('config_invalid', `unsupported database URL scheme "${scheme}": use a file path, :temp: or postgres://`);
  }
  const { indexer, quickIndexer, ...rest } = deps;
  if (typeof indexer === 'function') return openSqliteStore({ path: database, indexer, quickIndexer, ...rest });
  return openWorkerStore({ path: database, indexer, ...rest });
}
