import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseChaosRule, parseMailpitTriggersBody, type ChaosControl } from '../../chaos/index.js';
import { DevmailError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { toChaosRuleJson } from '../mapping/chaos.js';
import type { ChaosRuleParams } from '../schemas/chaos.js';

/** The chaos state, or a 503 when this server was built without it. */
export function chaosOf(ctx: ApiContext): ChaosControl {
  if (!ctx.chaos) throw new DevmailError('unavailable', 'failure injection is not available on this server');
  return ctx.chaos;
}

/** Mailpit's chaos state, or its 400 "Chaos is not enabled" when started without --enable-chaos / --chaos-triggers. */
function mailpitChaos(ctx: ApiContext): ChaosControl {
  const chaos = chaosOf(ctx);
  if (!chaos.mailpitEnabled) badRequest('Chaos is not enabled');
  return chaos;
}

/** GET /api/v1/chaos — Mailpit's triggers. */
export async function getChaos(ctx: ApiContext) {
  return mailpitChaos(ctx).mailpitTriggers;
}

/** PUT /api/v1/chaos — sets Mailpit's triggers (left-out ones reset) and answers them. */
export async function setChaos(ctx: ApiContext, request: FastifyRequest<{ Body: unknown }>) {
  const chaos = mailpitChaos(ctx);
  chaos.setMailpitTriggers(parseMailpitTriggersBody(request.body));
  return chaos.mailpitTriggers;
}

/** GET /api/v1/chaos/rules — every rule in evaluation order, and the shared seed. */
export async function listChaosRules(ctx: ApiContext) {
  const { engine } = chaosOf(ctx);
  return { Seed: engine.seed, Rules: engine.list().map(toChaosRuleJson) };
}

/** POST /api/v1/chaos/rules — adds a rule at the end; 201 with the rule and its ID. */
export async function addChaosRule(ctx: ApiContext, request: FastifyRequest<{ Body: unknown }>, reply: FastifyReply) {
  const { engine } = chaosOf(ctx);
  const rule = engine.add(parseChaosRule(request.body), 'api');
  request.log.info({ rule: rule.id, stage: rule.stage, action: rule.action.type }, 'chaos rule added');
  return reply.code(201).send(toChaosRuleJson(rule));
}

/** DELETE /api/v1/chaos/rules — removes the API's and the rules file's rules. */
export async function deleteChaosRules(ctx: ApiContext, _request: FastifyRequest, reply: FastifyReply) {
  chaosOf(ctx).engine.removeSources(['api', 'file']);
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/** GET /api/v1/chaos/rules/{ID}. */
export async function getChaosRule(ctx: ApiContext, request: FastifyRequest<{ Params: ChaosRuleParams }>) {
  const rule = chaosOf(ctx).engine.get(request.params.ID) ?? notFound('chaos rule');
  return toChaosRuleJson(rule);
}

/** DELETE /api/v1/chaos/rules/{ID}; Mailpit's and Jim's rules are changed through their own routes. */
export async function deleteChaosRule(ctx: ApiContext, request: FastifyRequest<{ Params: ChaosRuleParams }>, reply: FastifyReply) {
  const { engine } = chaosOf(ctx);
  const rule = engine.get(request.params.ID) ?? notFound('chaos rule');
  if (rule.source === 'mailpit' || rule.source === 'jim') {
    const route = rule.source === 'mailpit' ? 'PUT /api/v1/chaos' : '/api/v2/jim';
    throw new DevmailError('conflict', `rule ${rule.id} stands for ${rule.source === 'mailpit' ? "Mailpit's triggers" : 'Jim'}; change it through ${route}`);
  }
  engine.remove(rule.id);
  return reply.type('text/plain; charset=utf-8').send('ok');
}
