import type { ApiContext } from './context.js';

/**
 * What the API tells the bus after it changed messages, so the live feed, webhooks and
 * metrics hear of it. The store never publishes; whoever changes state does, once per request.
 * New totals (`stats.changed`) follow from the stats announcer that listens to these events.
 */

/** Read state of `ids` changed to `read`. */
export function announceRead(ctx: ApiContext, ids: string[], read: boolean): void {
  if (ids.length === 0) return;
  ctx.bus.publish('message.updated', { ids, read });
}

/** Tags of messages changed; `tags` holds each one's new tags. */
export function announceTags(ctx: ApiContext, tags: Record<string, string[]>): void {
  const ids = Object.keys(tags);
  if (ids.length === 0) return;
  ctx.bus.publish('message.updated', { ids, tags });
}

/** Messages were deleted by a user. */
export function announceDeleted(ctx: ApiContext, ids: string[]): void {
  if (ids.length === 0) return;
  ctx.runtime.messagesDeleted += ids.length;
  ctx.bus.publish('message.deleted', { ids });
}

/** Every message was deleted (`deletedCount` of them). */
export function announceTruncated(ctx: ApiContext, deletedCount: number): void {
  ctx.runtime.messagesDeleted += deletedCount;
  ctx.bus.publish('messages.truncated', {});
}
