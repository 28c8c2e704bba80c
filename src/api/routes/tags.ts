import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanTag } from '../../ingest/index.js';
import type { ApiContext } from '../context.js';
import { announceTags } from '../announce-changes.js';
import { badRequest } from '../errors.js';
import type { RenameTagBody, SetTagsBody, TagParams } from '../schemas/tags.js';

/** GET /api/v1/tags — every tag in use, sorted. */
export async function getTags(ctx: ApiContext) {
  return ctx.store.listTags();
}

/**
 * PUT /api/v1/tags — replaces the tags of the given messages; empty or missing `Tags`
 * clears them. Tags are cleaned as at capture (odd characters dropped, duplicates merged).
 */
export async function setTags(ctx: ApiContext, request: FastifyRequest<{ Body: SetTagsBody }>, reply: FastifyReply) {
  const ids = request.body.IDs ?? [];
  if (ids.length > 0) {
    const changed = await ctx.store.setTags(ids, cleanTags(request.body.Tags ?? []));
    announceTags(ctx, changed);
  }
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/** PUT /api/v1/tags/{Tag} — renames a tag on every message that has it. */
export async function renameTag(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: TagParams; Body: RenameTagBody }>,
  reply: FastifyReply,
) {
  const name = cleanTag(request.body.Name) || badRequest('invalid tag name');
  const affected = await ctx.store.renameTag(request.params.Tag, name);
  announceTags(ctx, await currentTags(ctx, affected));
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/** DELETE /api/v1/tags/{Tag} — removes a tag from every message (the messages stay). */
export async function deleteTag(ctx: ApiContext, request: FastifyRequest<{ Params: TagParams }>, reply: FastifyReply) {
  const affected = await ctx.store.deleteTag(request.params.Tag);
  announceTags(ctx, await currentTags(ctx, affected));
  return reply.type('text/plain; charset=utf-8').send('ok');
}

function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags.map(cleanTag)) {
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** The tags each of `ids` has now, for the `update` events a rename or delete causes. */
async function currentTags(ctx: ApiContext, ids: string[]): Promise<Record<string, string[]>> {
  const tags: Record<string, string[]> = {};
  for (const summary of await ctx.store.getSummaries(ids)) tags[summary.id] = summary.tags;
  return tags;
}
