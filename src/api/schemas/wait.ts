import { message } from './message.js';
import { errorResponses } from './shared.js';

/** Longest wait one request may ask for; a client wanting longer asks again (proxies cut idle requests). */
export const MAX_WAIT_SECONDS = 300;

export const waitSchema = {
  tags: ['messages'],
  summary: 'Wait for a message',
  description:
    'Long-poll: answers at once with the newest message matching `query` (any message when blank) ' +
    'that is newer than `after`, else with the first such message to arrive, else 408 after ' +
    '`timeout` seconds. Does not mark the message read.',
  querystring: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Search (the search language); blank matches any message' },
      tz: { type: 'string', description: 'IANA time zone for before:/after: in the search' },
      after: {
        type: 'string',
        description: 'Only messages stored after this message ID, or after this RFC 3339 time',
      },
      timeout: {
        type: 'number',
        minimum: 0,
        maximum: MAX_WAIT_SECONDS,
        default: 30,
        description: 'Seconds to wait; 0 looks once',
      },
    },
  },
  response: {
    200: message,
    408: { description: 'Nothing matched in time', $ref: 'Error#' },
    ...errorResponses(400, 503),
  },
};

/** Query of GET /api/v1/wait, after schema defaults. */
export interface WaitQuery {
  query?: string;
  tz?: string;
  after?: string;
  timeout: number;
}
