import { errorResponses, okResponse } from './shared.js';

const webhook = {
  type: 'object',
  properties: {
    ID: { type: 'string' },
    URL: { type: 'string' },
    Inbox: { type: 'string', description: "Only this inbox's messages ('' for all)" },
    Query: { type: 'string', description: "Only messages matching this search ('' for all)" },
    Signed: { type: 'boolean', description: 'Posts carry X-Devmail-Signature' },
    Created: { type: 'string', format: 'date-time' },
  },
} as const;

const webhookWithSecret = {
  ...webhook,
  properties: { ...webhook.properties, Secret: { type: 'string', description: 'Shown only when the hook is created or changed' } },
} as const;

const delivery = {
  type: 'object',
  properties: {
    ID: { type: 'integer', description: 'Also sent as X-Devmail-Delivery' },
    MessageID: { type: 'string' },
    Event: { type: 'string' },
    Status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    Attempts: { type: 'integer' },
    NextAttempt: { type: ['string', 'null'], format: 'date-time' },
    LastError: { type: ['string', 'null'] },
    LastResult: { type: ['string', 'null'], description: 'The last HTTP status, e.g. "HTTP 200"' },
    Created: { type: 'string', format: 'date-time' },
    Updated: { type: 'string', format: 'date-time' },
  },
} as const;

const hookParams = {
  type: 'object',
  properties: { HookID: { type: 'string', minLength: 1 } },
  required: ['HookID'],
} as const;

const hookBody = {
  type: 'object',
  properties: {
    URL: { type: 'string', minLength: 1 },
    Secret: { type: 'string', description: 'HMAC-SHA256 key; one is generated when absent on create; "" posts unsigned' },
    Inbox: { type: 'string' },
    Query: { type: 'string' },
  },
  additionalProperties: false,
} as const;

export const listWebhooksSchema = {
  tags: ['webhooks'],
  summary: 'List webhooks',
  response: { 200: { type: 'array', items: webhook }, ...errorResponses(400) },
};

export const createWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Create a webhook',
  description: 'Each new message that passes the filters is posted as JSON (the message summary), signed, retried with backoff, in order.',
  body: { ...hookBody, required: ['URL'] },
  response: { 201: webhookWithSecret, ...errorResponses(400) },
};

export const getWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Get a webhook',
  params: hookParams,
  response: { 200: webhook, ...errorResponses(404) },
};

export const updateWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Change a webhook',
  params: hookParams,
  body: hookBody,
  response: { 200: webhookWithSecret, ...errorResponses(400, 404) },
};

export const deleteWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Delete a webhook and its deliveries',
  params: hookParams,
  response: { 200: okResponse, ...errorResponses(404) },
};

export const webhookDeliveriesSchema = {
  tags: ['webhooks'],
  summary: "A webhook's delivery log",
  description: 'Newest first: each new message posted, with attempts, the last HTTP status or error, and the next try.',
  params: hookParams,
  querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
  response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: delivery } } }, ...errorResponses(400, 404) },
};

/** Params of /webhooks/{HookID}. */
export interface HookParams {
  HookID: string;
}

/** Body of create and change. */
export interface HookBody {
  URL?: string;
  Secret?: string;
  Inbox?: string;
  Query?: string;
}
