/** Route schemas of the MailHog layer: what the OpenAPI document shows; shapes in mapping.ts. */

const paging = {
  start: { type: 'string', description: 'Offset (default 0)' },
  limit: { type: 'string', description: 'Page size (default 50, at most 250)' },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1 } },
  required: ['id'],
} as const;

// Free-form: fast-json-stringify keeps every field of MailHog's nested shapes.
const mailHogList = {
  description: "MailHog's {total, count, start, items[]}",
  type: 'object',
  additionalProperties: true,
} as const;

const mailHogMessage = { description: "MailHog's Message", type: 'object', additionalProperties: true } as const;

export const listSchema = {
  tags: ['mailhog'],
  summary: 'MailHog: list messages',
  querystring: { type: 'object', properties: paging },
  response: { 200: mailHogList },
};

export const searchSchema = {
  tags: ['mailhog'],
  summary: 'MailHog: search messages',
  querystring: {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['from', 'to', 'containing'] },
      query: { type: 'string' },
      ...paging,
    },
  },
  response: { 200: mailHogList },
};

export const getSchema = {
  tags: ['mailhog'],
  summary: 'MailHog: get a message',
  params: idParams,
  response: { 200: mailHogMessage },
};

export const deleteSchema = {
  tags: ['mailhog'],
  summary: 'MailHog: delete a message',
  params: idParams,
};

export const downloadSchema = {
  tags: ['mailhog'],
  summary: 'MailHog: download a message as .eml',
  params: idParams,
};
