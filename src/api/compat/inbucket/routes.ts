import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageSummary } from '../../../core/types.js';
import { parseMessage, readHeaders } from '../../../mime/index.js';
import type { ApiContext } from '../../context.js';
import { announceDeleted, announceRead } from '../../announce-changes.js';
import { CAPTURED_FILE_CSP, setContentPolicy } from '../../http/security-headers.js';
import { toInbucketMessage, toInbucketPreview } from './mapping.js';
import { isInMailbox, listMailbox, mailboxOf } from './mailbox.js';

type MailboxRequest = FastifyRequest<{ Params: { name: string } }>;
type MessageRequest<B = unknown> = FastifyRequest<{ Params: { name: string; id: string }; Body: B }>;

/** GET /api/v1/mailbox/{name} — the mailbox's messages, oldest first. */
export async function listInbucketMailbox(ctx: ApiContext, request: MailboxRequest) {
  const mailbox = mailboxOf(request.params.name);
  return (await listMailbox(ctx.store, mailbox)).map((summary) => toInbucketPreview(mailbox, summary));
}

/** DELETE /api/v1/mailbox/{name} — deletes every message of the mailbox; answers "OK". */
export async function purgeInbucketMailbox(ctx: ApiContext, request: MailboxRequest, reply: FastifyReply) {
  const ids = (await listMailbox(ctx.store, mailboxOf(request.params.name))).map((m) => m.id);
  if (ids.length > 0) announceDeleted(ctx, await ctx.store.delete({ ids }));
  return ok(reply);
}

/** GET /api/v1/mailbox/{name}/{id} — the message with its bodies, headers and attachments. */
export async function getInbucketMessage(ctx: ApiContext, request: MessageRequest, reply: FastifyReply) {
  const mailbox = mailboxOf(request.params.name);
  const stored = await ctx.store.get(request.params.id);
  if (!stored || !isInMailbox(stored.summary, mailbox)) return notFound(reply);
  const origin = `${request.protocol}://${request.host}${ctx.basePath}`;
  const base = `${origin}/api/v1/message/${encodeURIComponent(stored.summary.id)}/part/`;
  return toInbucketMessage(mailbox, stored.summary, await parseMessage(stored.raw), readHeaders(stored.raw), (part) =>
    base + encodeURIComponent(part.partId),
  );
}

/** PATCH /api/v1/mailbox/{name}/{id} with `{"seen": true|false}` — sets read state; answers "OK". */
export async function markInbucketMessage(ctx: ApiContext, request: MessageRequest<{ seen?: boolean }>, reply: FastifyReply) {
  const summary = await findInMailbox(ctx, request);
  if (!summary) return notFound(reply);
  if (typeof request.body?.seen === 'boolean') {
    announceRead(ctx, await ctx.store.setRead({ ids: [summary.id] }, request.body.seen), request.body.seen);
  }
  return ok(reply);
}

/** DELETE /api/v1/mailbox/{name}/{id} — deletes the message (from every mailbox); answers "OK". */
export async function deleteInbucketMessage(ctx: ApiContext, request: MessageRequest, reply: FastifyReply) {
  const summary = await findInMailbox(ctx, request);
  if (!summary) return notFound(reply);
  announceDeleted(ctx, await ctx.store.delete({ ids: [summary.id] }));
  return ok(reply);
}

/**
 * GET /api/v1/mailbox/{name}/{id}/source — the raw message as text/plain, as Inbucket serves
 * it; as a JSON string when the client asks for JSON only (`Accept: application/json`).
 */
export async function getInbucketSource(ctx: ApiContext, request: MessageRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored || !isInMailbox(stored.summary, mailboxOf(request.params.name))) return notFound(reply);
  if (request.headers.accept?.trim().toLowerCase() === 'application/json') {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(stored.raw.toString('utf8')));
  }
  return setContentPolicy(reply, CAPTURED_FILE_CSP).type('text/plain; charset=utf-8').send(stored.raw);
}

async function findInMailbox(ctx: ApiContext, request: MessageRequest<unknown>): Promise<MessageSummary | null> {
  const summary = await ctx.store.getSummary(request.params.id);
  return summary && isInMailbox(summary, mailboxOf(request.params.name)) ? summary : null;
}

/** Inbucket's answer to a change: the JSON string "OK". */
function ok(reply: FastifyReply): FastifyReply {
  return reply.type('application/json; charset=utf-8').send('"OK"');
}

/** Inbucket answers an unknown mailbox message with a plain-text 404. */
function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/plain; charset=utf-8').send('message not found');
}
