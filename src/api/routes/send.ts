import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { basicAuthUser } from '../auth/basic-auth.js';
import { composeSendRequest } from '../mapping/send-request.js';
import type { SendBody } from '../schemas/send.js';

/**
 * Largest JSON body POST /send takes. Attachments come base64-encoded (4/3 of their size), so
 * this admits a message of about 48 MiB — above any SMTP limit a sandbox would set.
 */
export const SEND_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * POST /api/v1/send — Mailpit's JSON message, built into MIME and captured through ingest,
 * exactly as an SMTP delivery would be. The basic-auth user, when there is one, is recorded
 * as the sender's user name (as Mailpit does).
 */
export async function sendMessage(ctx: ApiContext, request: FastifyRequest<{ Body: SendBody }>) {
  const composed = await composeSendRequest(request.body);
  const { id } = await ctx.ingest.capture({
    envelope: {
      ...composed.envelope,
      clientAddress: request.ip,
      authUser: basicAuthUser(request) ?? null,
    },
    raw: composed.raw,
    source: 'api',
  });
  return { ID: id };
}
