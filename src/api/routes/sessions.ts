import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { toSessionJson, toSessionSummary } from '../mapping/sessions.js';
import type { SessionsQuery } from '../schemas/sessions.js';

/** GET /api/v1/sessions — the SMTP sessions kept, newest first, paged like the message list. */
export async function listSessions(ctx: ApiContext, request: FastifyRequest<{ Querystring: SessionsQuery }>) {
  const log = ctx.sessionLog;
  const total = log?.count ?? 0;
  const { start, limit } = request.query;
  const page = log ? log.list(start, limit === 0 ? total : limit) : [];
  const now = Date.now();
  return { total, start, count: page.length, sessions: page.map((t) => toSessionSummary(t, now)) };
}

/** GET /api/v1/sessions/{ID} — one session with its transcript. */
export async function getSession(ctx: ApiContext, request: FastifyRequest<{ Params: { ID: string } }>) {
  const transcript = ctx.sessionLog?.get(request.params.ID) ?? notFound('session');
  return toSessionJson(transcript);
}
