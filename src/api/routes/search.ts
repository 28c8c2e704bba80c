import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { announceDeleted } from '../announce-changes.js';
import { badRequest } from '../errors.js';
import { toMailpitList } from '../mapping/mailpit.js';
import type { SearchQuery } from '../schemas/messages.js';

/** GET /api/v1/search — messages matching a search, newest first (`start` or keyset `before`). */
export async function searchMessages(ctx: ApiContext, request: FastifyRequest<{ Querystring: SearchQuery }>) {
  const { start, limit, tz, before } = request.query;
  const search = requireQuery(request.query.query);
  const [result, tags] = await Promise.all([
    ctx.store.list({ search, tz: tz || undefined, start, limit, before }),
    ctx.store.listTags(),
  ]);
  return toMailpitList(result, tags);
}

/** DELETE /api/v1/search — deletes every message matching a search. */
export async function deleteSearch(
  ctx: ApiContext,
  request: FastifyRequest<{ Querystring: { query?: string; tz?: string } }>,
  reply: FastifyReply,
) {
  const search = requireQuery(request.query.query);
  announceDeleted(ctx, await ctx.store.delete({ search, tz: request.query.tz || undefined }));
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/** A blank search would match everything; Mailpit refuses it, and so do we. */
function requireQuery(query: string | undefined): string {
  const search = query?.trim() ?? '';
  return search || badRequest('no search query');
}
