import type { StoredMessage } from '../core/types.js';
import type { ApiContext } from './context.js';
import { notFound } from './errors.js';
import type { LatestQuery } from './schemas/message.js';

/**
 * The ID a route names: itself, or for `latest` the newest message — the newest matching
 * `?query=` when one is given (Mailpit's quirk, used by test suites to wait for one mail).
 */
export async function resolveMessageId(ctx: ApiContext, id: string, query: LatestQuery = {}): Promise<string> {
  if (id !== 'latest') return id;
  const search = query.query?.trim();
  const latest = await ctx.store.latestId(search ? { search, tz: query.tz || undefined } : {});
  return latest ?? notFound('message');
}

/** The stored message a route names, or a 404. */
export async function loadMessage(ctx: ApiContext, id: string, query: LatestQuery = {}): Promise<StoredMessage> {
  const resolved = await resolveMessageId(ctx, id, query);
  return (await ctx.store.get(resolved)) ?? notFound('message');
}
