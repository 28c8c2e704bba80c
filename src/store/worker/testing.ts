import type { LoadedIndexer, Store } from '../store.js';
import type { CrashRequest } from './rpc.js';
import { storeThreadControl, type StoreThreadControl } from './worker-store.js';

/** An indexer that ends its thread on the first message: a store worker dying under load. */
export function createExitingIndexer(): LoadedIndexer {
  return {
    index: () => process.exit(3),
    close: async () => {},
  };
}

/** A factory that fails, as a broken indexer module would at start-up. */
export function createFailingIndexer(): LoadedIndexer {
  throw new Error('no parser today');
}

/** What a test holds after making the store thread die. */
export interface StoreThreadOutage {
  /** Resolves once the store has seen the thread die: calls fail from then on. */
  died: Promise<void>;
  /** Lets the held restart go ahead (a no-op unless `holdRestart` was asked). */
  releaseRestart(): void;
}

/**
 * Makes a worker-hosted store's thread die, as a bug in it would: an uncaught error
 * (`how: 'throw'`) or `process.exit` (`'exit'`), after blocking it `stallMs` so calls made
 * meanwhile are in flight. With `holdRestart`, the store stays down until `releaseRestart()`.
 */
export function crashStoreThread(store: Store, request: CrashRequest & { holdRestart?: boolean }): StoreThreadOutage {
  const control = (store as unknown as { [storeThreadControl]?: () => StoreThreadControl })[storeThreadControl]?.();
  if (!control) throw new Error('crashStoreThread needs a store hosted in a worker thread');
  const releaseRestart = request.holdRestart ? control.holdRestarts() : () => {};
  const { holdRestart: _hold, ...crash } = request;
  return { died: control.crash(crash), releaseRestart };
}
