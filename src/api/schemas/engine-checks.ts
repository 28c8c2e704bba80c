import { SCREENSHOT_WIDTHS } from '../../checks/index.js';
import { errorResponses, idParams, latestQuery, partParams } from './shared.js';

const number = { type: 'number' } as const;
const string = { type: 'string' } as const;

/** Failures of an engine: off (404), broken answer (502), unreachable (503), too slow (504). */
const engineErrors = errorResponses(400, 404, 502, 503, 504);

const verdict = {
  Result: { type: 'string', description: 'pass, fail, none, neutral, softfail, policy, temperror or permerror' },
  Comment: { type: 'string', description: 'Why, e.g. the DNS error behind a temperror' },
} as const;

export const saCheckSchema = {
  tags: ['other'],
  summary: 'SpamAssassin check',
  description:
    'The SpamAssassin (spamd) verdict, as Mailpit answers it. Needs --enable-spamassassin (404 without). ' +
    'spamd failing answers 502, unreachable 503, too slow 504.',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: {
      description: 'SpamAssassin result',
      type: 'object',
      properties: {
        IsSpam: { type: 'boolean' },
        Score: number,
        Rules: {
          type: 'array',
          items: { type: 'object', properties: { Name: string, Score: number, Description: string } },
        },
        Error: string,
      },
    },
    ...engineErrors,
  },
};

export const rspamdCheckSchema = {
  tags: ['other'],
  summary: 'Rspamd check',
  description:
    "Rspamd's verdict (its /checkv2 with the SMTP envelope). Needs --enable-rspamd (404 without). " +
    'Rspamd failing answers 502, unreachable 503, too slow 504.',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: {
      description: 'Rspamd result',
      type: 'object',
      properties: {
        IsSpam: { type: 'boolean', description: 'The action is reject, add header or rewrite subject' },
        Score: number,
        RequiredScore: number,
        Action: string,
        Symbols: {
          type: 'array',
          items: {
            type: 'object',
            properties: { Name: string, Score: number, Description: string, Options: { type: 'array', items: string } },
          },
        },
        Error: string,
      },
    },
    ...engineErrors,
  },
};

export const authCheckSchema = {
  tags: ['other'],
  summary: 'Authentication check',
  description:
    'DKIM signatures verified, ARC, SPF (from the SMTP client IP) and DMARC evaluated, through --dns-server ' +
    '(or the system resolver). DNS that cannot be reached gives temperror ("cannot verify"), not an error.',
  params: idParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: {
      description: 'Authentication results',
      type: 'object',
      properties: {
        DKIM: {
          type: 'array',
          items: { type: 'object', properties: { ...verdict, Domain: string, Selector: string, Aligned: { type: 'boolean' } } },
        },
        SPF: { type: 'object', properties: { ...verdict, Domain: string, ClientIP: string } },
        DMARC: { type: 'object', properties: { ...verdict, Domain: string, Policy: string } },
        ARC: { type: 'object', properties: verdict },
        AuthenticationResults: string,
        CannotVerify: { type: 'boolean', description: 'Some lookup failed (temperror): DNS could not be reached' },
      },
    },
    ...errorResponses(400, 404),
  },
};

export const screenshotSchema = {
  tags: ['other'],
  summary: 'Screenshot',
  description:
    'A PNG of the message HTML rendered by headless Chromium at a phone, tablet or desktop width, JavaScript off, ' +
    'remote content blocked unless --screenshot-remote-content. 501 when no browser is installed.',
  params: idParams,
  querystring: {
    type: 'object',
    properties: { ...latestQuery, width: { type: 'integer', enum: [...SCREENSHOT_WIDTHS], default: 768 } },
  },
  response: {
    200: { description: 'PNG image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses(400, 404, 501, 502, 503, 504),
  },
};

export const thumbnailSchema = {
  tags: ['message'],
  summary: 'Get an attachment image thumbnail',
  description:
    'A 180×120 JPEG of an image part (cropped to fill, or padded on white when smaller); a blank white image for other parts.',
  params: partParams,
  querystring: { type: 'object', properties: latestQuery },
  response: {
    200: { description: 'JPEG image', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses(400, 404),
  },
};
