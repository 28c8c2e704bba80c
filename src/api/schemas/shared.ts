import type { FastifyInstance } from 'fastify';

/**
 * Schemas shared by several routes, registered once by `$id` so the OpenAPI document names
 * them (components/schemas/Address …) and fast-json-stringify serialises exactly these fields.
 */
const Address = {
  $id: 'Address',
  type: 'object',
  description: 'A mailbox: display name (may be empty) and address.',
  properties: {
    Name: { type: 'string' },
    Address: { type: 'string' },
  },
  required: ['Name', 'Address'],
} as const;

const NullableAddress = {
  $id: 'NullableAddress',
  type: ['object', 'null'],
  description: 'A mailbox, or null when the header is missing.',
  properties: Address.properties,
} as const;

const Part = {
  $id: 'Attachment',
  type: 'object',
  description: 'An attachment or inline part (file data is fetched from /part/{PartID}).',
  properties: {
    PartID: { type: 'string' },
    FileName: { type: 'string' },
    ContentType: { type: 'string' },
    ContentID: { type: 'string' },
    Size: { type: 'number' },
    Checksums: {
      type: 'object',
      properties: { MD5: { type: 'string' }, SHA1: { type: 'string' }, SHA256: { type: 'string' } },
    },
  },
} as const;

const MessageSummary = {
  $id: 'MessageSummary',
  type: 'object',
  description: 'A message as the list shows it.',
  properties: {
    ID: { type: 'string' },
    MessageID: { type: 'string' },
    Read: { type: 'boolean' },
    From: { $ref: 'NullableAddress#' },
    To: { type: 'array', items: { $ref: 'Address#' } },
    Cc: { type: 'array', items: { $ref: 'Address#' } },
    Bcc: { type: 'array', items: { $ref: 'Address#' } },
    ReplyTo: { type: 'array', items: { $ref: 'Address#' } },
    Subject: { type: 'string' },
    Created: { type: 'string', format: 'date-time' },
    Username: { type: 'string' },
    Tags: { type: 'array', items: { type: 'string' } },
    Size: { type: 'number' },
    Attachments: { type: 'integer', description: 'Number of attachments' },
    Snippet: { type: 'string', description: 'Up to 250 characters of the body' },
  },
} as const;

const ErrorBody = {
  $id: 'Error',
  type: 'object',
  description: 'Every native error answer.',
  properties: { Error: { type: 'string' } },
  required: ['Error'],
} as const;

/** Adds the shared schemas to `app` (before any route refers to them). */
export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of [Address, NullableAddress, Part, MessageSummary, ErrorBody]) app.addSchema(schema);
}

/** `{ $ref }` to a shared schema. */
export const ref = (id: string) => ({ $ref: `${id}#` }) as const;

/** The error responses a route documents. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, { description: describeStatus(code), ...ref('Error') }]));

/** A plain-text response (`ok`, raw source, rendered text). */
export const textResponse = (description: string) => ({
  description,
  content: { 'text/plain': { schema: { type: 'string' } } },
});

/** The `ok` answer of every mutating route. */
export const okResponse = textResponse('Plain text "ok"');

/** `{ID}` in a path: a message ID or `latest`. */
export const idParams = {
  type: 'object',
  properties: { ID: { type: 'string', minLength: 1, description: 'Message ID, or "latest"' } },
  required: ['ID'],
} as const;

/** `{ID}/part/{PartID}` in a path: a message (or `latest`) and one of its parts. */
export const partParams = {
  type: 'object',
  properties: { ID: idParams.properties.ID, PartID: { type: 'string', minLength: 1 } },
  required: ['ID', 'PartID'],
} as const;

/** `?query=&tz=` that narrows `latest` to the newest message matching a search. */
export const latestQuery = {
  query: { type: 'string', description: 'With ID "latest": the newest message matching this search' },
  tz: { type: 'string', description: 'IANA time zone for before:/after: in the search' },
} as const;

function describeStatus(code: number): string {
  switch (code) {
    case 400:
      return 'Bad request';
    case 401:
      return 'Credentials missing or wrong';
    case 404:
      return 'Not found';
    case 413:
      return 'Body too large';
    default:
      return 'Error';
  }
}
