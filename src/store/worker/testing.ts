import type { LoadedIndexer } from '../store.js';

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
