import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageSummary, StoredMessage } from '../../../core/types.js';
import { getPart, parseMessage, readHeaders } from '../../../mime/index.js';
import type { ApiContext } from '../../context.js';
import { announceDeleted, announceRead, announceTruncated } from '../../announce-changes.js';
import { contentDisposition, isInlineSafeContentType, safeContentType } from '../../http/file-headers.js';
import { CAPTURED_FILE_CSP, MESSAGE_HTML_CSP, setContentPolicy } from '../../http/security-headers.js';
import { linkInlineImages } from '../../mapping/message-html.js';
import {
  attachmentFileName,
  matchesMailDevFilter,
  toMailDevEmail,
  toMailDevSummary,
  type MailDevEmail,
} from './mapping.js';

/** Emails read and parsed at once while listing (bounds memory on a large mailbox). */
const LOAD_BATCH = 50;
/** The 3.x summary page: default and largest size. */
const SUMMARY_PAGE = 50;
const SUMMARY_PAGE_MAX = 500;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ListQuery = Record<string, string | undefined> & { skip?: string; limit?: string; sort?: string };

/**
 * GET /email — every email in arrival order (oldest first), as MailDev answers; `?skip`,
 * `?limit`, `?sort=asc|desc`, and any other key filters by a (dotted) field, e.g.
 * `?to.address=alice@example.test`.
 */
export async function listMailDevEmails(ctx: ApiContext, request: FastifyRequest<{ Querystring: ListQuery }>) {
  const { skip, limit, sort, ...rest } = request.query;
  const filter = Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const skipCount = readCount(skip) ?? 0;
  const limitCount = readCount(limit);
  let summaries = (await ctx.store.list({ limit: 0 })).messages.reverse();
  if (sort === 'desc') summaries.reverse();
  const filtering = Object.keys(filter).length > 0;
  // Without a filter the page is known before any message is read.
  if (!filtering) summaries = summaries.slice(skipCount, limitCount === undefined ? undefined : skipCount + limitCount);
  const emails = (await loadEmails(ctx, summaries)).filter((email) => !filtering || matchesMailDevFilter(email, filter));
  if (!filtering) return emails;
  return emails.slice(skipCount, limitCount === undefined ? undefined : skipCount + limitCount);
}

/** GET /api/email/summary (3.x) — a page of rows without bodies, newest first unless `sort=asc`. */
export async function listMailDevSummaries(
  ctx: ApiContext,
  request: FastifyRequest<{ Querystring: { skip?: string; limit?: string; sort?: string; search?: string; unread?: string } }>,
) {
  const { skip, limit, sort, search, unread } = request.query;
  const skipCount = readCount(skip) ?? 0;
  const pageSize = Math.min(readCount(limit) || SUMMARY_PAGE, SUMMARY_PAGE_MAX);
  const terms = [search?.trim() ?? '', unread === 'true' ? 'is:unread' : ''].filter(Boolean).join(' ');
  const all = await ctx.store.list({ search: terms || undefined, limit: 0 });
  const ordered = sort === 'asc' ? [...all.messages].reverse() : all.messages;
  const page = ordered.slice(skipCount, skipCount + pageSize);
  return {
    items: (await loadEmails(ctx, page)).map(toMailDevSummary),
    total: all.matching,
    storeTotal: all.total,
    unread: all.unread,
    skip: skipCount,
    limit: pageSize,
  };
}

/** GET /email/{id} — one email; reading it marks it read, as in MailDev. */
export async function getMailDevEmail(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return emailNotFound(reply);
  const email = await toEmail(stored);
  if (!email.read) {
    announceRead(ctx, await ctx.store.setRead({ ids: [email.id] }, true), true);
    email.read = true;
  }
  return email;
}

/** DELETE /email/{id} — `true`, or 404. */
export async function deleteMailDevEmail(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const deleted = await ctx.store.delete({ ids: [request.params.id] });
  if (deleted.length === 0) return emailNotFound(reply);
  announceDeleted(ctx, deleted);
  return true;
}

/** POST /api/email/delete (3.x) with `{"ids": [...]}` — which were deleted and which were unknown. */
export async function deleteMailDevEmails(ctx: ApiContext, request: FastifyRequest<{ Body: { ids: string[] } }>) {
  const ids = [...new Set(request.body.ids)];
  const deleted = await ctx.store.delete({ ids });
  announceDeleted(ctx, deleted);
  const gone = new Set(deleted);
  return { deleted, notFound: ids.filter((id) => !gone.has(id)) };
}

/** DELETE /email/all — deletes every email; `true`. */
export async function deleteAllMailDevEmails(ctx: ApiContext) {
  const deleted = await ctx.store.delete({ all: true });
  announceTruncated(ctx, deleted.length);
  return true;
}

/** PATCH /email/read-all — marks every email read; answers how many changed. */
export async function readAllMailDevEmails(ctx: ApiContext) {
  const changed = await ctx.store.setRead({ all: true }, true);
  announceRead(ctx, changed, true);
  return changed.length;
}

/**
 * GET /email/{id}/html — the HTML part, inline images linked to their parts. Captured HTML is
 * hostile: served under the same sandbox policy as devmail's own HTML view.
 */
export async function getMailDevHtml(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return emailNotFound(reply);
  const parsed = await parseMessage(stored.raw);
  if (!parsed.html) return reply.code(404).send({ error: 'Email has no HTML content' });
  const base = `${ctx.basePath}/api/v1/message/${encodeURIComponent(stored.summary.id)}/part/`;
  const html = linkInlineImages(parsed.html, [...parsed.inline, ...parsed.attachments], (partId) => base + partId);
  return setContentPolicy(reply, MESSAGE_HTML_CSP).type('text/html; charset=utf-8').send(html);
}

/** GET /email/{id}/source — the raw message as text. */
export async function getMailDevSource(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return emailNotFound(reply);
  return setContentPolicy(reply, CAPTURED_FILE_CSP).type('text/plain; charset=utf-8').send(stored.raw);
}

/** GET /email/{id}/download — the raw message as a `.eml` download. */
export async function downloadMailDevEmail(ctx: ApiContext, request: IdRequest, reply: FastifyReply) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return emailNotFound(reply);
  return setContentPolicy(reply, CAPTURED_FILE_CSP)
    .type('message/rfc822')
    .header('content-disposition', contentDisposition('attachment', `${stored.summary.id}.eml`, 'message.eml'))
    .send(stored.raw);
}

/** GET /email/{id}/attachment/{filename} — an attachment or inline part by its generated file name. */
export async function getMailDevAttachment(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { id: string; filename: string } }>,
  reply: FastifyReply,
) {
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return emailNotFound(reply);
  const parsed = await parseMessage(stored.raw);
  const part = [...parsed.attachments, ...parsed.inline].find((p) => attachmentFileName(p) === request.params.filename);
  const content = part && (await getPart(stored.raw, part.partId));
  if (!part || !content) return reply.code(404).send({ error: 'Attachment not found' });
  const contentType = safeContentType(content.contentType);
  const disposition = isInlineSafeContentType(contentType) ? 'inline' : 'attachment';
  return setContentPolicy(reply, CAPTURED_FILE_CSP)
    .type(contentType)
    .header('content-disposition', contentDisposition(disposition, attachmentFileName(part), 'attachment'))
    .send(content.content);
}

/**
 * GET /config — what MailDev's UI reads about the server. Outgoing mail is devmail's relay
 * server; MailDev names only its host (its port stays in the server's own settings).
 */
export async function getMailDevConfig(ctx: ApiContext) {
  const relay = ctx.relay?.enabled ? ctx.relay.config.server : null;
  return { version: ctx.version, smtpPort: ctx.smtpInfo?.port ?? null, isOutgoingEnabled: relay !== null, outgoingHost: relay?.host ?? null };
}

/** GET /healthz — `true` while the server answers. */
export async function mailDevHealthz() {
  return true;
}

async function loadEmails(ctx: ApiContext, summaries: MessageSummary[]): Promise<MailDevEmail[]> {
  const emails: MailDevEmail[] = [];
  for (let i = 0; i < summaries.length; i += LOAD_BATCH) {
    const batch = await Promise.all(summaries.slice(i, i + LOAD_BATCH).map((s) => ctx.store.get(s.id)));
    // A message deleted meanwhile is left out.
    for (const stored of batch) if (stored) emails.push(await toEmail(stored));
  }
  return emails;
}

async function toEmail(stored: StoredMessage): Promise<MailDevEmail> {
  return toMailDevEmail(stored, await parseMessage(stored.raw), readHeaders(stored.raw));
}

function emailNotFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: 'Email was not found' });
}

function readCount(value: string | undefined): number | undefined {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
