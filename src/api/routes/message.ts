import type { FastifyReply, FastifyRequest } from 'fastify';
import { getPart, parseMessage, readHeaders } from '../../mime/index.js';
import type { ApiContext } from '../context.js';
import { announceRead } from '../announce-changes.js';
import { notFound } from '../errors.js';
import { contentDisposition, isInlineSafeContentType, safeContentType } from '../http/file-headers.js';
import { CAPTURED_FILE_CSP, setContentPolicy } from '../http/security-headers.js';
import { toDevmailEnvelope, toMailpitHeaders, toMailpitMessage } from '../mapping/mailpit.js';
import { loadMessage } from '../resolve-message.js';
import type { IdParams, LatestQuery, PartParams } from '../schemas/message.js';

type MessageRequest<Q = LatestQuery> = FastifyRequest<{ Params: IdParams; Querystring: Q }>;

/**
 * GET /api/v1/message/{ID} — the whole message; reading it marks it read, as in Mailpit.
 * devmail adds `Envelope` (MAIL FROM, RCPT TO, client, TLS, AUTH user), a name Mailpit does not use.
 */
export async function getMessage(ctx: ApiContext, request: MessageRequest) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const parsed = await parseMessage(stored.raw);
  // SessionID and Envelope are devmail's own fields: the SMTP session in /api/v1/sessions ('' when not
  // from SMTP) and how the message arrived.
  const body = { ...toMailpitMessage(stored.summary, parsed), SessionID: stored.envelope.sessionId ?? '', Envelope: toDevmailEnvelope(stored.envelope, stored.source) };
  if (!stored.summary.read) {
    const changed = await ctx.store.setRead({ ids: [stored.summary.id] }, true);
    announceRead(ctx, changed, true);
  }
  return body;
}

/** GET /api/v1/message/{ID}/headers — every header by (canonical) name, values in order. */
export async function getHeaders(ctx: ApiContext, request: MessageRequest) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  return toMailpitHeaders(readHeaders(stored.raw));
}

/**
 * GET /api/v1/message/{ID}/raw — the stored bytes as text/plain (never as HTML, whatever they
 * hold); `?dl=1` asks the browser to save `ID.eml`.
 */
export async function getRaw(
  ctx: ApiContext,
  request: MessageRequest<LatestQuery & { dl?: string }>,
  reply: FastifyReply,
) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  setContentPolicy(reply, CAPTURED_FILE_CSP).type('text/plain; charset=utf-8');
  if (request.query.dl === '1') {
    reply.header('content-disposition', contentDisposition('attachment', `${stored.summary.id}.eml`, 'message.eml'));
  }
  return reply.send(stored.raw);
}

/**
 * GET /api/v1/message/{ID}/part/{PartID} — one attachment or inline part, decoded, with its
 * own Content-Type. Only plainly safe types (raster images, audio, video, plain text) are
 * offered inline; everything else, and always HTML/SVG/XML, is a download.
 */
export async function getMessagePart(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: PartParams; Querystring: LatestQuery }>,
  reply: FastifyReply,
) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const part = (await getPart(stored.raw, request.params.PartID)) ?? notFound('part');
  const contentType = safeContentType(part.contentType);
  const disposition = isInlineSafeContentType(contentType) ? 'inline' : 'attachment';
  const name = part.fileName || part.contentId;
  return setContentPolicy(reply, CAPTURED_FILE_CSP)
    .type(contentType)
    .header('content-disposition', contentDisposition(disposition, name, `part-${request.params.PartID}`))
    .send(part.content);
}
