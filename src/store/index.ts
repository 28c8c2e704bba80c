/** The store: the `Store` contract, the search language, and the implementations. */
export type * from './store.js';
export { openStore, type StoreDeps } from './open-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export { openWorkerStore, type WorkerStoreOptions } from './worker/worker-store.js';
export { loadIndexer } from './worker/load-indexer.js';
export {
  parseSearch,
  parseDate,
  parseSize,
  type SearchNode,
  type SearchTerm,
  type SearchField,
} from './search/parse-search.js';
