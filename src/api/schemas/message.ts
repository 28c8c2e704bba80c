import { errorResponses, idParams, latestQuery, partParams, ref, textResponse } from './shared.js';

const addressList = { type: 'array', items: ref('Address') } as const;
const partList = { type: 'array', items: ref('Attachment') } as const;

/** The full message, as Mailpit's `Message`. */
export const message = {
  description: 'The message with its bodies and parts',
  type: 'object',
  properties: {
    ID: { type: 'string' },
    MessageID: { type: 'string' },
    From: ref('NullableAddress'),
    To: addressList,
    Cc: addressList,
    Bcc: addressList,
    ReplyTo: addressList,
    ReturnPath: { type: 'string' },
    Subject: { type: 'string' },
    ListUnsubscribe: {
      type: 'object',
      properties: {
        Header: { type: 'string' },
        Links: { type: 'array', items: { type: 'string' } },
        Errors: { type: 'string' },
        HeaderPost: { type: 'string' },
      },
    },
    Date: { type: 'string', format: 'date-time', description: 'Date header, else when received' },
    Tags: { type: 'array', items: { type: 'string' } },
    Username: { type: 'string' },
    Text: { type: 'string' },
    HTML: { type: 'string' },
    Size: { type: 'number' },
    Inline: partList,
    Attachments: partList,
    SessionID: { type: 'string', description: "devmail: the SMTP session it came in on (see /api/v1/sessions/{ID}), '' otherwise" },
    Envelope: {
      type: 'object',
      description: 'devmail: how the message arrived (not in Mailpit)',
      properties: {
        MailFrom: { type: 'string', description: "MAIL FROM reverse-path; '' for the null sender" },
        RcptTo: { type: 'array', items: { type: 'string' }, description: 'RCPT TO forward-paths, Bcc included' },
        Helo: { type: 'string', description: 'EHLO/HELO name' },
        ClientIP: { type: 'string', description: 'Remote address (the original client behind PROXY protocol)' },
        TLS: {
          type: ['object', 'null'],
          properties: { Protocol: { type: 'string' }, Cipher: { type: 'string' } },
          description: 'TLS of the connection, null when plain',
        },
        AuthUser: { type: 'string', description: "SMTP AUTH user, '' when none" },
        Source: { type: 'string', enum: ['smtp', 'api', 'cli'], description: 'Which way it came in' },
      },
    },
  },
} as const;

export const getMessageSchema = {
  tags: ['message'],
  summary: 'Get message',
  description: 'The message, marking it read. ID may be "latest".',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: { 200: message, ...errorResponses(400, 404) },
};

export const getHeadersSchema = {
  tags: ['message'],
  summary: 'Get message headers',
  description: 'Every header, by name (sorted), with its values in order.',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: {
      description: 'Header values by name',
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    ...errorResponses(400, 404),
  },
};

export const getRawSchema = {
  tags: ['message'],
  summary: 'Get message source',
  description: 'The raw message as stored. `dl=1` asks for a download.',
  params: idParams,
  querystring: {
    type: 'object',
    properties: { ...latestQuery, dl: { type: 'string', description: '"1" to download as ID.eml' } },
  },
  response: { 200: textResponse('Raw RFC 5322 source'), ...errorResponses(400, 404) },
};

export const getPartSchema = {
  tags: ['message'],
  summary: 'Get message part',
  description: 'An attachment or inline part with its own Content-Type.',
  params: partParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: { description: 'The decoded part', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses(400, 404),
  },
};

export const viewHtmlSchema = {
  tags: ['testing'],
  summary: 'Render message HTML part',
  description:
    'The HTML part alone, sandboxed by its Content-Security-Policy. `embed=1` opens links in a new tab; `remote=0` (devmail) blocks remote images, styles and fonts.',
  params: idParams,
  querystring: {
    type: 'object',
    properties: {
      ...latestQuery,
      embed: { type: 'string' },
      remote: { type: 'string', description: 'devmail: "0" blocks remote images, styles and fonts' },
    },
  },
  response: {
    200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
    ...errorResponses(400, 404),
  },
};

export const viewTextSchema = {
  tags: ['testing'],
  summary: 'Render message text part',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: { 200: textResponse('The text part'), ...errorResponses(400, 404) },
};

/** Params of the message routes. */
export interface IdParams {
  ID: string;
}

/** Params of the part route. */
export interface PartParams extends IdParams {
  PartID: string;
}

/** Query of any route whose ID may be `latest`. */
export interface LatestQuery {
  query?: string;
  tz?: string;
}
