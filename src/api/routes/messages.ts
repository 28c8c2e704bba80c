import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { announceDeleted, announceRead, announceTruncated } from '../announce-changes.js';
import { badRequest } from '../errors.js';
import { toMailpitList } from '../mapping/mailpit.js';
import { isMailHogBulkDelete } from '../compat/index.js';
import type { DeleteBody, PagingQuery, SetReadBody } from '../schemas/messages.js';

/**
 * GET /api/v1/messages — a page of summaries, newest first, with mailbox counts and tags. Pages
 * by Mailpit's `start` offset, or by devmail's keyset `before=ID`, which stays fast deep down.
 */
export async function listMessages(ctx: ApiContext, request: FastifyRequest<{ Querystring: PagingQuery }>) {
  const { start, limit, before } = request.query;
  const [result, tags] = await Promise.all([ctx.store.list({ start, limit, before }), ctx.store.listTags()]);
  return toMailpitList(result, tags);
}

/**
 * PUT /api/v1/messages — sets read state of the IDs given, of the messages matching `Search`,
 * or (neither given) of every message. Both given is an error, as in Mailpit.
 */
export async function setReadStatus(
  ctx: ApiContext,
  request: FastifyRequest<{ Body: SetReadBody; Querystring: { tz?: string } }>,
  reply: FastifyReply,
) {
  const { IDs = [], Read, Search = '' } = request.body;
  const search = Search.trim();
  if (IDs.length > 0 && search) badRequest('You may specify either IDs or a search query, not both');
  const selection =
    search !== '' ? { search, tz: request.query.tz || undefined } : IDs.length > 0 ? { ids: IDs } : { all: true as const };
  const changed = await ctx.store.setRead(selection, Read);
  announceRead(ctx, changed, Read);
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/**
 * DELETE /api/v1/messages — deletes the IDs given; no IDs (or no body at all) deletes every
 * message. Also MailHog's delete-all: its client gets MailHog's empty answer.
 */
export async function deleteMessages(
  ctx: ApiContext,
  request: FastifyRequest<{ Body: DeleteBody | null | undefined }>,
  reply: FastifyReply,
) {
  const ids = request.body?.IDs ?? [];
  if (ids.length === 0) {
    const deleted = await ctx.store.delete({ all: true });
    announceTruncated(ctx, deleted.length);
  } else {
    announceDeleted(ctx, await ctx.store.delete({ ids }));
  }
  if (isMailHogBulkDelete(request)) return reply.type('text/json').send();
  return reply.type('text/plain; charset=utf-8').send('ok');
}
