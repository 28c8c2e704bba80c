import { errorResponses } from './shared.js';

const summaryProperties = {
  ID: { type: 'string', description: 'Session ID (also in the log lines and on each message as SessionID)' },
  Started: { type: 'string', format: 'date-time' },
  Ended: { type: ['string', 'null'], format: 'date-time', description: 'null while the connection is open' },
  DurationMs: { type: 'number' },
  ClientIP: { type: 'string' },
  ClientPort: { type: 'integer' },
  ServerPort: { type: 'integer' },
  Helo: { type: 'string' },
  TLS: {
    type: ['object', 'null'],
    properties: { Protocol: { type: 'string' }, Cipher: { type: 'string' } },
  },
  AuthUser: { type: 'string' },
  MessageIDs: {
    type: 'array',
    items: { type: 'string' },
    description: 'Messages accepted on this connection: every ID, or the first and last 100 of more than 200',
  },
  Messages: { type: 'integer', description: 'Messages accepted on this connection in all' },
  Lines: { type: 'integer', description: 'Transcript lines recorded' },
  EndReason: { type: 'string', description: "How it ended ('' while open)" },
} as const;

export const listSessionsSchema = {
  tags: ['sessions'],
  summary: 'List SMTP sessions',
  description: 'The last SMTP sessions kept (--smtp-session-log), newest first, with or without a message (devmail extension).',
  querystring: {
    type: 'object',
    properties: {
      start: { type: 'integer', minimum: 0, default: 0, description: 'Pagination offset' },
      limit: { type: 'integer', minimum: 0, default: 50, description: 'Page size; 0 for all' },
    },
  },
  response: {
    200: {
      description: 'A page of sessions',
      type: 'object',
      properties: {
        total: { type: 'integer', description: 'Sessions kept' },
        start: { type: 'integer' },
        count: { type: 'integer' },
        sessions: { type: 'array', items: { type: 'object', properties: summaryProperties } },
      },
    },
    ...errorResponses(400),
  },
};

export const getSessionSchema = {
  tags: ['sessions'],
  summary: 'Get an SMTP session',
  description: 'One session with its transcript: commands, replies and events with their time in ms since the connection. AUTH payloads are *hidden*.',
  params: { type: 'object', properties: { ID: { type: 'string', minLength: 1 } }, required: ['ID'] },
  response: {
    200: {
      description: 'The session and its transcript',
      type: 'object',
      properties: {
        ...summaryProperties,
        Transcript: {
          type: 'array',
          items: {
            type: 'object',
            properties: { Ms: { type: 'number' }, Source: { type: 'string', enum: ['client', 'server', 'event'] }, Text: { type: 'string' } },
          },
        },
        Omitted: { type: 'integer', description: 'Lines dropped from the middle of a long session' },
      },
    },
    ...errorResponses(400, 404),
  },
};

/** Query of GET /sessions. */
export interface SessionsQuery {
  start: number;
  limit: number;
}
