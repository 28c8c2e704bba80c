import type { FastifyReply, FastifyRequest } from 'fastify';
import { defaultJim, parseJimBody } from '../../../chaos/index.js';
import type { ApiContext } from '../../context.js';
import { DevmailError } from '../../../core/errors.js';
import { badRequest } from '../../errors.js';
import { chaosOf } from '../../routes/chaos.js';

/*
 * MailHog's Jim (`/api/v2/jim`), on the same rule engine as devmail's chaos rules. Statuses are
 * MailHog's: 404 when Jim is not invited (GET, PUT, DELETE), 400 when he already is (POST),
 * 201 for an invitation. Bodies of successes are empty, as MailHog's are.
 */

/** GET /api/v2/jim — Jim's settings. */
export async function getJim(ctx: ApiContext) {
  return chaosOf(ctx).jim ?? notInvited();
}

/** POST /api/v2/jim — invites Jim: MailHog's defaults without a body, else the body (left-out settings 0). */
export async function inviteJim(ctx: ApiContext, request: FastifyRequest<{ Body: unknown }>, reply: FastifyReply) {
  const chaos = chaosOf(ctx);
  if (chaos.jim) badRequest('Jim is already invited');
  chaos.setJim(request.body === undefined ? defaultJim() : parseJimBody(request.body));
  request.log.info({ jim: chaos.jim }, 'Jim invited');
  return reply.code(201).type('text/plain; charset=utf-8').send('');
}

/** PUT /api/v2/jim — replaces Jim's settings (left-out settings 0). */
export async function updateJim(ctx: ApiContext, request: FastifyRequest<{ Body: unknown }>, reply: FastifyReply) {
  const chaos = chaosOf(ctx);
  if (!chaos.jim) notInvited();
  chaos.setJim(parseJimBody(request.body));
  return reply.type('text/plain; charset=utf-8').send('');
}

/** DELETE /api/v2/jim — sends Jim home. */
export async function deleteJim(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const chaos = chaosOf(ctx);
  if (!chaos.jim) notInvited();
  chaos.setJim(null);
  request.log.info('Jim sent home');
  return reply.type('text/plain; charset=utf-8').send('');
}

function notInvited(): never {
  throw new DevmailError('not_found', 'Jim is not invited');
}
