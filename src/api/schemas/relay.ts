import { errorResponses, idParams, latestQuery, okResponse } from './shared.js';

/** One relay job as the API shows it. */
const relayJob = {
  type: 'object',
  properties: {
    ID: { type: 'integer' },
    MessageID: { type: 'string', description: 'The captured message relayed' },
    Origin: { type: 'string', enum: ['release', 'rule', 'forward'] },
    To: { type: 'array', items: { type: 'string' } },
    Status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    Attempts: { type: 'integer' },
    NextAttempt: { type: ['string', 'null'], format: 'date-time', description: 'When a pending job is tried again' },
    LastError: { type: ['string', 'null'] },
    LastResult: { type: ['string', 'null'], description: "The relay server's last reply" },
    Created: { type: 'string', format: 'date-time' },
    Updated: { type: 'string', format: 'date-time' },
  },
} as const;

export const releaseSchema = {
  tags: ['relay'],
  summary: 'Release a message',
  description:
    'Relays a copy to the given addresses through the configured relay server, as Mailpit does (Bcc removed, new Date and Message-ID). ' +
    'Delivered: `ok`. Refused for good by the server: 400 `SMTP error: …`. A temporary failure is queued, retried with backoff, and answered 202 with the queued job.',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  body: {
    type: 'object',
    required: ['To'],
    properties: { To: { type: 'array', items: { type: 'string' }, description: 'Recipient addresses' } },
  },
  response: {
    200: okResponse,
    202: { description: 'Queued for a retry after a temporary failure', ...relayJob },
    ...errorResponses(400, 404),
  },
};

export const relayQueueSchema = {
  tags: ['relay'],
  summary: 'List the relay queue',
  description: 'Relay jobs newest first: pending ones with their next attempt, delivered and failed ones with their last error.',
  querystring: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'all'], default: 'all' },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    },
  },
  response: {
    200: { type: 'object', properties: { jobs: { type: 'array', items: relayJob } } },
    ...errorResponses(400),
  },
};

export const relayJobSchema = {
  tags: ['relay'],
  summary: 'Get one relay job',
  params: { type: 'object', properties: { JobID: { type: 'integer', minimum: 1 } }, required: ['JobID'] },
  response: { 200: relayJob, ...errorResponses(400, 404) },
};

export const retryRelayJobSchema = {
  tags: ['relay'],
  summary: 'Retry a relay job now',
  description: 'A pending or failed job is attempted again at once (a delivered one is left alone); answers the job.',
  params: relayJobSchema.params,
  response: { 200: relayJob, ...errorResponses(400, 404) },
};

/** Body of the release route. */
export interface ReleaseBody {
  To: string[];
}

/** Query of the relay queue. */
export interface RelayQueueQuery {
  status: 'pending' | 'delivered' | 'failed' | 'all';
  limit: number;
}
