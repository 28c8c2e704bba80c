/** Route schemas of the Inbucket layer: what the OpenAPI document shows; shapes in mapping.ts. */

const mailboxParams = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, description: "Recipient's local part (or full address)" } },
  required: ['name'],
} as const;

const messageParams = {
  type: 'object',
  properties: { ...mailboxParams.properties, id: { type: 'string', minLength: 1 } },
  required: ['name', 'id'],
} as const;

const preview = {
  type: 'object',
  properties: {
    mailbox: { type: 'string' },
    id: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'array', items: { type: 'string' } },
    subject: { type: 'string' },
    date: { type: 'string', format: 'date-time' },
    'posix-millis': { type: 'integer' },
    size: { type: 'integer' },
    seen: { type: 'boolean' },
  },
} as const;

const message = {
  description: "Inbucket's message",
  type: 'object',
  properties: {
    ...preview.properties,
    body: { type: 'object', properties: { text: { type: 'string' }, html: { type: 'string' } } },
    header: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          filename: { type: 'string' },
          'content-type': { type: 'string' },
          'download-link': { type: 'string' },
          'view-link': { type: 'string' },
          md5: { type: 'string' },
        },
      },
    },
  },
} as const;

export const listSchema = {
  tags: ['inbucket'],
  summary: 'Inbucket: list a mailbox',
  params: mailboxParams,
  response: { 200: { description: 'Messages, oldest first', type: 'array', items: preview } },
};

export const purgeSchema = { tags: ['inbucket'], summary: 'Inbucket: purge a mailbox', params: mailboxParams };

export const getSchema = {
  tags: ['inbucket'],
  summary: 'Inbucket: get a message',
  params: messageParams,
  response: { 200: message },
};

export const markSchema = {
  tags: ['inbucket'],
  summary: 'Inbucket: mark a message seen or unseen',
  params: messageParams,
  body: { type: ['object', 'null'], properties: { seen: { type: 'boolean' } } },
};

export const deleteSchema = { tags: ['inbucket'], summary: 'Inbucket: delete a message', params: messageParams };

export const sourceSchema = { tags: ['inbucket'], summary: 'Inbucket: raw source of a message', params: messageParams };
