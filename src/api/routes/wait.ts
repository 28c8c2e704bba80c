import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseMessage } from '../../mime/index.js';
import type { ApiContext } from '../context.js';
import { badRequest, sendError } from '../errors.js';
import { toMailpitMessage, type MailpitMessage } from '../mapping/mailpit.js';
import type { WaitQuery } from '../schemas/wait.js';
import type { MessageWaiters, WaitCursor } from '../wait/message-waiters.js';

/** An `after` value that is a time rather than a message ID (IDs never contain '-' or ':'). */
const RFC3339_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * GET /api/v1/wait — a server-side long-poll for test suites and scripts: the newest message
 * matching `query` newer than `after`, at once or as soon as one arrives; 408 on timeout. A
 * client that hangs up frees its waiter at once.
 */
export function waitForMessage(waiters: MessageWaiters) {
  // Waiters released by one message share one read and parse of it (a crowd on one query).
  const rendering = new Map<string, Promise<MailpitMessage | null>>();
  const render = (ctx: ApiContext, id: string): Promise<MailpitMessage | null> => {
    let pending = rendering.get(id);
    if (!pending) {
      pending = renderMessage(ctx, id).finally(() => rendering.delete(id));
      rendering.set(id, pending);
    }
    return pending;
  };
  return async (ctx: ApiContext, request: FastifyRequest<{ Querystring: WaitQuery }>, reply: FastifyReply) => {
    const { query, tz, timeout } = request.query;
    const after = await readCursor(ctx, request.query.after);
    const left = new AbortController();
    // 'close' before the answer is written means the client went away.
    reply.raw.once('close', () => left.abort());
    const found = await waiters.wait(
      { search: query?.trim() || undefined, tz: tz || undefined, after },
      Math.round(timeout * 1000),
      left.signal,
    );
    const message = found && (await render(ctx, found.id));
    if (!message) {
      // RFC 9110 §15.5.9: a 408 closes the connection.
      reply.header('connection', 'close');
      return sendError(reply, 408, `no matching message within ${timeout}s`);
    }
    return message;
  };
}

/** The message as Mailpit's JSON, or null when it was deleted meanwhile. */
async function renderMessage(ctx: ApiContext, id: string): Promise<MailpitMessage | null> {
  const stored = await ctx.store.get(id);
  return stored && toMailpitMessage(stored.summary, await parseMessage(stored.raw));
}

async function readCursor(ctx: ApiContext, after: string | undefined): Promise<WaitCursor | undefined> {
  const value = after?.trim();
  if (!value) return undefined;
  if (RFC3339_START.test(value)) {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) badRequest(`after: "${value}" is not an RFC 3339 time`);
    return { kind: 'time', at };
  }
  const summary = await ctx.store.getSummary(value);
  if (!summary) badRequest(`after: no message with ID "${value}" (deleted?)`);
  return { kind: 'id', id: summary.id, created: summary.created };
}
