/** Route schemas of the MailDev layer: what the OpenAPI document shows; shapes in mapping.ts. */

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1 } },
  required: ['id'],
} as const;

// Free-form: fast-json-stringify keeps every field of MailDev's email (optional ones included).
const email = { description: "MailDev's email", type: 'object', additionalProperties: true } as const;

const tags = ['maildev'];

export const listSchema = {
  tags,
  summary: 'MailDev: every email, oldest first',
  description: '`skip`, `limit`, `sort=asc|desc`; any other key filters by a dotted field (`to.address=…`).',
  querystring: {
    type: 'object',
    properties: { skip: { type: 'string' }, limit: { type: 'string' }, sort: { type: 'string' } },
    additionalProperties: { type: 'string' },
  },
  response: { 200: { description: 'Emails', type: 'array', items: email } },
};

export const summarySchema = {
  tags,
  summary: 'MailDev 3: a page of email summaries',
  querystring: {
    type: 'object',
    properties: {
      skip: { type: 'string' },
      limit: { type: 'string' },
      sort: { type: 'string' },
      search: { type: 'string' },
      unread: { type: 'string' },
    },
  },
  response: { 200: { description: '{items, total, storeTotal, unread, skip, limit}', type: 'object', additionalProperties: true } },
};

export const getSchema = { tags, summary: 'MailDev: one email (marks it read)', params: idParams, response: { 200: email } };
export const deleteSchema = { tags, summary: 'MailDev: delete an email', params: idParams };
export const deleteManySchema = {
  tags,
  summary: 'MailDev 3: delete emails by ID',
  body: {
    type: 'object',
    properties: { ids: { type: 'array', items: { type: 'string', minLength: 1 } } },
    required: ['ids'],
  },
};
export const deleteAllSchema = { tags, summary: 'MailDev: delete every email' };
export const readAllSchema = { tags, summary: 'MailDev: mark every email read' };
export const htmlSchema = { tags, summary: 'MailDev: the HTML part (sandboxed)', params: idParams };
export const sourceSchema = { tags, summary: 'MailDev: raw source', params: idParams };
export const downloadSchema = { tags, summary: 'MailDev: download as .eml', params: idParams };
export const attachmentSchema = {
  tags,
  summary: 'MailDev: an attachment by file name',
  params: {
    type: 'object',
    properties: { id: { type: 'string', minLength: 1 }, filename: { type: 'string', minLength: 1 } },
    required: ['id', 'filename'],
  },
};
export const configSchema = { tags, summary: 'MailDev: server configuration' };
export const healthzSchema = { tags, summary: 'MailDev: health check' };
