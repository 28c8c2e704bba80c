import { errorResponses, idParams, latestQuery } from './shared.js';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;
const querystring = { type: 'object', properties: latestQuery } as const;

/** Mailpit's `HTMLCheckResponse`, with devmail's `Lines` and `RemoteStylesheets`. */
const htmlCheckResponse = {
  description: 'Support of each HTML/CSS feature the message uses, worst offenders first',
  type: 'object',
  properties: {
    Warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          Slug: str,
          Title: str,
          Description: { type: 'string', description: "caniemail's description (Markdown)" },
          URL: str,
          Category: { type: 'string', description: 'html, css, image or others' },
          Tags: strings,
          Keywords: str,
          Results: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                Name: str,
                Platform: str,
                Family: str,
                Version: str,
                Support: { type: 'string', enum: ['yes', 'no', 'partial'] },
                NoteNumber: str,
              },
            },
          },
          NotesByNumber: { type: 'object', additionalProperties: str },
          Score: {
            type: 'object',
            properties: { Found: int, Supported: num, Partial: num, Unsupported: num },
          },
          Lines: { type: 'array', items: int, description: 'devmail: lines of the HTML part where the feature is used (at most 50)' },
        },
      },
    },
    Platforms: { type: 'object', additionalProperties: strings },
    Total: {
      type: 'object',
      properties: { Tests: int, Nodes: int, Supported: num, Partial: num, Unsupported: num },
    },
    RemoteStylesheets: {
      type: 'array',
      description: 'devmail: linked stylesheets; never fetched (the message chooses the URL), so their CSS is not checked',
      items: { type: 'object', properties: { URL: str, Line: int } },
    },
  },
} as const;

export const htmlCheckSchema = {
  tags: ['other'],
  summary: 'HTML check',
  description: 'Checks the HTML part against the caniemail.com data: every element, attribute and CSS feature it uses, with support per email client and an overall score. Cached per message.',
  params: idParams,
  querystring,
  response: { 200: htmlCheckResponse, ...errorResponses(400, 404) },
};

/** Mailpit's `LinkCheckResponse`, with devmail's `Redirects`. */
const linkCheckResponse = {
  description: 'Status of each link and image URL',
  type: 'object',
  properties: {
    Errors: { type: 'integer', description: 'Links with no answer or a 4xx/5xx status' },
    Links: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          URL: str,
          StatusCode: { type: 'integer', description: '0 when there was no answer' },
          Status: { type: 'string', description: 'Status text, or why there was no answer' },
          Redirects: {
            type: 'array',
            description: 'devmail: each redirect on the way',
            items: { type: 'object', properties: { StatusCode: int, Location: str } },
          },
        },
      },
    },
  },
} as const;

export const linkCheckSchema = {
  tags: ['other'],
  summary: 'Link check',
  description:
    'Requests every http(s) link and image URL of the message (HEAD, then GET), `follow=true` following redirects. Private, loopback, link-local and other internal addresses are refused unless --allow-internal-http-requests.',
  params: idParams,
  querystring: {
    type: 'object',
    properties: { ...latestQuery, follow: { type: 'boolean', description: 'Follow redirects and report the final status' } },
  },
  response: { 200: linkCheckResponse, ...errorResponses(400, 404) },
};

const lintResponse = {
  description: 'Findings, errors first',
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: ['error', 'warning', 'info'] },
          code: { type: 'string', description: 'Stable rule identifier' },
          message: str,
          location: {
            type: 'object',
            properties: {
              part: { type: 'string', enum: ['header', 'html', 'text', 'attachment', 'message', 'envelope'] },
              name: { type: 'string', description: 'Header name, part ID or envelope field' },
              line: { type: 'integer', description: '1-based line of the body' },
            },
          },
        },
      },
    },
    counts: { type: 'object', properties: { error: int, warning: int, info: int } },
  },
} as const;

export const lintSchema = {
  tags: ['other'],
  summary: 'Lint (devmail)',
  description: 'What would hurt the message in real inboxes: missing headers, bulk-mail rules, charsets, images, links, parts, sizes. Cached per message.',
  params: idParams,
  querystring,
  response: { 200: lintResponse, ...errorResponses(400, 404) },
};

const person = { type: 'object', properties: { Name: str, Address: str } } as const;

const calendarResponse = {
  description: 'Calendar parts (text/calendar, application/ics, *.ics), summarised',
  type: 'object',
  properties: {
    Invitations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          PartID: str,
          FileName: str,
          Method: { type: 'string', description: 'iTIP method (REQUEST, CANCEL, REPLY …) or empty' },
          Events: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                UID: str,
                Summary: str,
                Start: { type: 'string', description: 'YYYY-MM-DDTHH:MM:SS[Z] or YYYY-MM-DD (all day)' },
                End: str,
                AllDay: { type: 'boolean' },
                TimeZone: { type: 'string', description: 'TZID of Start, empty for UTC or floating' },
                Location: str,
                Organizer: { ...person, type: ['object', 'null'] },
                Attendees: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { Name: str, Address: str, Role: str, Status: str, RSVP: { type: 'boolean' } },
                  },
                },
                Status: str,
                Sequence: int,
              },
            },
          },
        },
      },
    },
  },
} as const;

export const calendarSchema = {
  tags: ['other'],
  summary: 'Calendar invitations (devmail)',
  description: 'Each calendar part: method, and per event what, when, where, organiser and attendees. Cached per message.',
  params: idParams,
  querystring,
  response: { 200: calendarResponse, ...errorResponses(400, 404) },
};
