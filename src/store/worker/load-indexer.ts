import { DevmailError } from '../../core/errors.js';
import { resolveModuleUrl } from '../../core/start-worker.js';
import type { IndexerModule, LoadedIndexer } from '../store.js';

/** Imports an indexer module and calls its factory, in the calling thread. */
export async function loadIndexer(spec: IndexerModule): Promise<LoadedIndexer> {
  const url = resolveModuleUrl(spec.module);
  const mod = (await import(url.href)) as Record<string, unknown>;
  const factory = mod[spec.export];
  if (typeof factory !== 'function') {
    throw new DevmailError('config_invalid', `the indexer module ${url.href} has no factory "${spec.export}"`);
  }
  const indexer = (await (factory as (options: unknown) => unknown)(spec.options)) as Partial<LoadedIndexer> | null;
  if (typeof indexer?.index !== 'function' || typeof indexer.close !== 'function') {
    throw new DevmailError('config_invalid', `"${spec.export}" of ${url.href} did not return { index, close }`);
  }
  return indexer as LoadedIndexer;
}
