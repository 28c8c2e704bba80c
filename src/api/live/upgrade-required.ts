import type { FastifyReply } from 'fastify';
import type { ApiContext } from '../context.js';
import { sendError } from '../errors.js';

/** GET /api/events without an Upgrade header: 426, naming what the client should do. */
export async function upgradeRequired(_ctx: ApiContext, _request: unknown, reply: FastifyReply) {
  reply.header('upgrade', 'websocket');
  return sendError(reply, 426, 'this endpoint speaks WebSocket: send an Upgrade request');
}
