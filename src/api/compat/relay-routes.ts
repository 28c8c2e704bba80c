import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RelayServer } from '../../config/types.js';
import { DevmailError, isDevmailError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { toRelayJobView } from '../routes/relay.js';
import type { RouteEntry } from '../route-types.js';

/**
 * Release in MailHog's and MailDev's shapes, on the same port, beside their other routes:
 * - MailHog `POST /api/v1/messages/{id}/release` with `{Host, Port, Email, Username?, Password?,
 *   Mechanism?}` sends once to the server the request names (as MailHog does; the recipient
 *   policy still applies) and answers an empty 200, or 400/404/500 with no body.
 * - MailDev `POST /email/{id}/relay/{relayTo?}` (2.x) and `/api/email/…` (3.x) relay through the
 *   configured relay server to `relayTo` or the envelope recipients and answer `true`, or
 *   `{"error": …}`; a temporary failure is queued for retry and answered 202.
 */
export function relayCompatRoutes(): RouteEntry[] {
  return [
    { method: 'POST', url: '/api/v1/messages/:id/release', schema: mailHogReleaseSchema, handler: mailHogRelease, untypedBody: true },
    { method: 'POST', url: '/email/:id/relay/:relayTo?', schema: mailDevRelaySchema, handler: mailDevRelay },
    { method: 'POST', url: '/api/email/:id/relay/:relayTo?', schema: mailDevRelaySchema, handler: mailDevRelay },
  ];
}

/** MailHog's release body. Port is a string in MailHog's UI, a number from some clients. */
interface MailHogReleaseBody {
  Host: string;
  Port: string | number;
  Email: string;
  Username?: string;
  Password?: string;
  Mechanism?: string;
}

/**
 * Reads MailHog's release body. MailHog decodes it with Go's JSON rules, where keys match
 * whatever their case, and its npm client sends `host`, `port`, `email`…; null when a required
 * field is missing or of the wrong type.
 */
function readMailHogRelease(body: unknown): MailHogReleaseBody | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase();
    if (!fields.has(name)) fields.set(name, value);
  }
  const text = (name: string) => {
    const value = fields.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const port = fields.get('port');
  const host = text('host');
  const email = text('email');
  if (!host || email === undefined || (typeof port !== 'string' && typeof port !== 'number')) return null;
  return { Host: host, Port: port, Email: email, Username: text('username'), Password: text('password'), Mechanism: text('mechanism') };
}

const compatDoc = { tags: ['compat'] } as const;

const mailHogReleaseSchema = {
  ...compatDoc,
  summary: 'Release a message (MailHog)',
  params: { type: 'object', properties: { id: { type: 'string', minLength: 1 } }, required: ['id'] },
  // Keys are matched whatever their case (as MailHog's Go decoder does), so the body is read in the handler.
  body: {
    type: 'object',
    description: '`{Host, Port, Email, Username?, Password?, Mechanism?}`, keys in any case',
    additionalProperties: true,
  },
};

const mailDevRelaySchema = {
  ...compatDoc,
  summary: 'Relay a message (MailDev)',
  params: {
    type: 'object',
    properties: { id: { type: 'string', minLength: 1 }, relayTo: { type: 'string' } },
    required: ['id'],
  },
};

async function mailHogRelease(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { id: string }; Body: unknown }>,
  reply: FastifyReply,
) {
  const body = readMailHogRelease(request.body);
  if (!body) return reply.code(400).send();
  const port = Number(body.Port);
  const mechanism = (body.Mechanism ?? '').trim().toLowerCase();
  if (!Number.isInteger(port) || port < 1 || port > 65535) return reply.code(400).send();
  if (mechanism !== '' && mechanism !== 'plain' && mechanism !== 'cram-md5' && mechanism !== 'login') return reply.code(400).send();
  const auth = body.Username ? ((mechanism || 'plain') as RelayServer['auth']) : 'none';
  const server: RelayServer = {
    host: body.Host,
    port,
    startTls: false,
    tls: false,
    allowInsecure: false,
    auth,
    username: body.Username ?? '',
    password: body.Password ?? '',
  };
  if (!ctx.relay) return reply.code(500).send();
  try {
    const outcome = await ctx.relay.sendOnce(server, request.params.id, [body.Email]);
    if (!outcome.ok) {
      request.log.warn({ error: outcome.error }, 'MailHog release failed');
      return reply.code(500).send();
    }
    return reply.code(200).send();
  } catch (err) {
    if (isDevmailError(err, 'not_found')) return reply.code(404).send();
    if (isDevmailError(err, 'bad_request')) return reply.code(400).send();
    throw err;
  }
}

async function mailDevRelay(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { id: string; relayTo?: string } }>,
  reply: FastifyReply,
) {
  const fail = (status: number, error: string) => reply.code(status).send({ error });
  const stored = await ctx.store.get(request.params.id);
  if (!stored) return fail(404, 'Email was not found');
  const relayTo = request.params.relayTo;
  const to = relayTo ? [relayTo] : recipientsOf(stored.envelope.rcptTo, stored.summary);
  if (!ctx.relay?.enabled) return fail(500, 'Outgoing mail not configured');
  try {
    const job = await ctx.relay.release(stored.summary.id, to);
    if (job.state === 'delivered') return reply.send(true);
    if (job.state === 'failed') return fail(500, job.lastError ?? 'relay failed');
    return reply.code(202).send({ queued: true, job: toRelayJobView(job) });
  } catch (err) {
    if (err instanceof DevmailError && err.code === 'bad_request') return fail(400, err.message);
    throw err;
  }
}

/** The envelope's recipients, or the header recipients of a message that came without an envelope. */
function recipientsOf(rcptTo: string[], summary: { to: { address: string }[]; cc: { address: string }[]; bcc: { address: string }[] }): string[] {
  if (rcptTo.length > 0) return rcptTo;
  return [...summary.to, ...summary.cc, ...summary.bcc].map((a) => a.address);
}
