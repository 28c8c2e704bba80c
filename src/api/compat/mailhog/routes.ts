import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredMessage } from '../../../core/types.js';
import type { ApiContext } from '../../context.js';
import { announceDeleted } from '../../announce-changes.js';
import { contentDisposition } from '../../http/file-headers.js';
import { CAPTURED_FILE_CSP, setContentPolicy } from '../../http/security-headers.js';
import { toMailHogMessage, type MailHogList } from './mapping.js';
import { toDevmailSearch } from './search.js';

/** MailHog caps a page at 250 messages. */
const MAX_PAGE = 250;
const DEFAULT_PAGE = 50;

/** `?start&limit` as MailHog reads them: numbers, anything unreadable is the default. */
export interface MailHogPaging {
  start?: string;
  limit?: string;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** GET /api/v2/messages — a page of messages, newest first, in MailHog's shape. */
export async function listMailHogMessages(ctx: ApiContext, request: FastifyRequest<{ Querystring: MailHogPaging }>) {
  return page(ctx, '', request.query);
}

/** GET /api/v2/search?kind=from|to|containing&query= — the same, narrowed by a search. */
export async function searchMailHogMessages(
  ctx: ApiContext,
  request: FastifyRequest<{ Querystring: MailHogPaging & { kind?: string; query?: string } }>,
) {
  return page(ctx, toDevmailSearch(request.query.kind, request.query.query), request.query);
}

/** GET /api/v1/messages/{id} — one message in MailHog's shape; 404 with an empty body when unknown. */
export async function getMailHogMessage(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return reply.code(404).send();
  return toMailHogMessage(stored);
}

/** DELETE /api/v1/messages/{id} — 200 with an empty body, as MailHog answers; 404 when unknown. */
export async function deleteMailHogMessage(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const deleted = await ctx.store.delete({ ids: [request.params.id] });
  if (deleted.length === 0) return reply.code(404).send();
  announceDeleted(ctx, deleted);
  return reply.code(200).type('text/json').send();
}

/** GET /api/v1/messages/{id}/download — the raw message as a `.eml` download. */
export async function downloadMailHogMessage(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return reply.code(404).send();
  return setContentPolicy(reply, CAPTURED_FILE_CSP)
    .type('message/rfc822')
    .header('content-disposition', contentDisposition('attachment', `${stored.summary.id}.eml`, 'message.eml'))
    .send(stored.raw);
}

/**
 * Whether a bulk delete came from MailHog's client: MailHog answers it with an empty body,
 * and the `mailhog` npm client JSON-parses any non-empty answer (Mailpit's `ok` would make it
 * fail). That client sends no Accept header; browsers, curl, fetch and axios all send one.
 */
export function isMailHogBulkDelete(request: FastifyRequest): boolean {
  return request.headers.accept === undefined;
}

async function page(ctx: ApiContext, search: string, paging: MailHogPaging): Promise<MailHogList> {
  const start = readCount(paging.start, 0);
  const limit = Math.min(Math.max(readCount(paging.limit, DEFAULT_PAGE), 1), MAX_PAGE);
  const result = await ctx.store.list({ search: search || undefined, start, limit });
  const stored = await Promise.all(result.messages.map((m) => ctx.store.get(m.id)));
  // A message deleted between the list and the read is left out.
  const items = stored.filter((m): m is StoredMessage => m !== null).map(toMailHogMessage);
  return { total: result.matching, count: items.length, start, items };
}

function readCount(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
