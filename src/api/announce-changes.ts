import type { ApiContext } from './context.js';

/**
 * What the API tells the bus after it changed messages, so the live feed, webhooks and
 * metrics hear of it. The store never publishes; whoever changes state does, once per request.
 */

/** Read state of `ids` changed to `read`. */
export async function announceRead(ctx: ApiContext, ids: string[], read: boolean): Promise<void> {
  if (ids.length === 0) return;
  ctx.bus.publish('message.updated', { ids, read });
  await announceStats(ctx);
}

/** Tags of messages changed; `tags` holds each one's new tags. */
export async function announceTags(ctx: ApiContext, tags: Record<string, string[]>): Promise<void> {
  const ids = Object.keys(tags);
  if (ids.length === 0) return;
  ctx.bus.publish('message.updated', { ids, tags });
  await announceStats(ctx);
}

/** Messages were deleted by a user. */
export async function announceDeleted(ctx: ApiContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  ctx.runtime.messagesDeleted += ids.length;
  ctx.bus.publish('message.deleted', { ids });
  await announceStats(ctx);
}

/** Every message was deleted (`deletedCount` of them). */
export async function announceTruncated(ctx: ApiContext, deletedCount: number): Promise<void> {
  ctx.runtime.messagesDeleted += deletedCount;
  ctx.bus.publish('messages.truncated', {});
  await announceStats(ctx);
}

async function announceStats(ctx: ApiContext): Promise<void> {
  ctx.bus.publish('stats.changed', await ctx.store.stats());
}
