import { errorResponses } from './shared.js';

const mailbox = {
  type: 'object',
  properties: { Email: { type: 'string' }, Name: { type: 'string' } },
  required: ['Email'],
} as const;

/** Mailpit's `SendRequest`. Addresses are checked in the handler, naming the bad one. */
export const sendSchema = {
  tags: ['message'],
  summary: 'Send a message',
  description: 'Builds a message from JSON and captures it as if it came over SMTP.',
  body: {
    type: 'object',
    required: ['From'],
    properties: {
      From: mailbox,
      To: { type: 'array', items: mailbox },
      Cc: { type: 'array', items: mailbox },
      Bcc: { type: 'array', items: { type: 'string' } },
      ReplyTo: { type: 'array', items: mailbox },
      Subject: { type: 'string' },
      Text: { type: 'string' },
      HTML: { type: 'string' },
      Headers: { type: 'object', additionalProperties: { type: 'string' } },
      Tags: { type: 'array', items: { type: 'string' } },
      Attachments: {
        type: 'array',
        items: {
          type: 'object',
          required: ['Content', 'Filename'],
          properties: {
            Content: { type: 'string', description: 'Base64 (a data: URL prefix is allowed)' },
            Filename: { type: 'string' },
            ContentType: { type: 'string' },
            ContentID: { type: 'string', description: 'Set to attach inline (cid:)' },
          },
        },
      },
    },
  },
  response: {
    200: {
      description: 'The new message',
      type: 'object',
      properties: { ID: { type: 'string' } },
    },
    ...errorResponses(400, 413),
  },
};

/** A mailbox in a send request. */
export interface SendMailbox {
  Email: string;
  Name?: string;
}

/** An attachment in a send request. */
export interface SendAttachment {
  Content: string;
  Filename: string;
  ContentType?: string;
  ContentID?: string;
}

/** Body of POST /send. */
export interface SendBody {
  From: SendMailbox;
  To?: SendMailbox[];
  Cc?: SendMailbox[];
  Bcc?: string[];
  ReplyTo?: SendMailbox[];
  Subject?: string;
  Text?: string;
  HTML?: string;
  Headers?: Record<string, string>;
  Tags?: string[];
  Attachments?: SendAttachment[];
}
