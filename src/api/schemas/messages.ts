import { errorResponses, okResponse, ref } from './shared.js';

/** The list wrapper: lowercase keys, as Mailpit's `MessagesSummary`. */
const messagesSummary = {
  description: 'A page of messages with mailbox and query counts',
  type: 'object',
  properties: {
    total: { type: 'integer', description: 'Messages in the mailbox' },
    unread: { type: 'integer', description: 'Unread messages in the mailbox' },
    count: { type: 'integer', description: 'Messages in this page (legacy)' },
    messages_count: { type: 'integer', description: 'Messages matching the query' },
    messages_unread: { type: 'integer', description: 'Unread messages matching the query' },
    start: { type: 'integer', description: 'Pagination offset' },
    tags: { type: 'array', items: { type: 'string' }, description: 'Every tag in use' },
    messages: { type: 'array', items: ref('MessageSummary') },
  },
} as const;

const paging = {
  start: { type: 'integer', minimum: 0, default: 0, description: 'Pagination offset' },
  limit: { type: 'integer', minimum: 0, default: 50, description: 'Page size; 0 for all' },
  before: {
    type: 'string',
    minLength: 1,
    description: 'devmail: keyset paging — only messages older than this ID (the last of the previous page); start is then ignored',
  },
} as const;

const idList = {
  type: 'array',
  items: { type: 'string' },
  description: 'Message IDs',
} as const;

export const listMessagesSchema = {
  tags: ['messages'],
  summary: 'List messages',
  description: 'Messages from newest to oldest.',
  querystring: { type: 'object', properties: paging },
  response: { 200: messagesSummary, ...errorResponses(400) },
};

export const setReadSchema = {
  tags: ['messages'],
  summary: 'Set read status',
  description: 'Sets read state of the given IDs, of the messages matching Search, or of all messages.',
  querystring: { type: 'object', properties: { tz: { type: 'string' } } },
  body: {
    type: 'object',
    properties: {
      IDs: idList,
      Read: { type: 'boolean', default: false },
      Search: { type: 'string', description: 'Search query selecting the messages' },
    },
  },
  response: { 200: okResponse, ...errorResponses(400) },
};

export const deleteMessagesSchema = {
  tags: ['messages'],
  summary: 'Delete messages',
  description: 'Deletes the given IDs; no IDs (or no body) deletes every message.',
  body: { type: ['object', 'null'], properties: { IDs: idList } },
  response: { 200: okResponse, ...errorResponses(400) },
};

export const searchSchema = {
  tags: ['messages'],
  summary: 'Search messages',
  description: 'Messages matching a search, newest first.',
  querystring: {
    type: 'object',
    properties: { query: { type: 'string' }, tz: { type: 'string' }, ...paging },
  },
  response: { 200: messagesSummary, ...errorResponses(400) },
};

export const deleteSearchSchema = {
  tags: ['messages'],
  summary: 'Delete messages by search',
  querystring: { type: 'object', properties: { query: { type: 'string' }, tz: { type: 'string' } } },
  response: { 200: okResponse, ...errorResponses(400) },
};

/** Query of the list routes, after schema defaults. */
export interface PagingQuery {
  start: number;
  limit: number;
  /** devmail's keyset cursor: only messages older than this ID. */
  before?: string;
}

/** Query of GET /search. */
export interface SearchQuery extends PagingQuery {
  query?: string;
  tz?: string;
}

/** Body of PUT /messages. */
export interface SetReadBody {
  IDs?: string[];
  Read: boolean;
  Search?: string;
}

/** Body of DELETE /messages. */
export interface DeleteBody {
  IDs?: string[];
}
