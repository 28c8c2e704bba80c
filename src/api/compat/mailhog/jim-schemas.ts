import { errorResponses, textResponse } from '../../schemas/shared.js';

const chance = (description: string) => ({ type: 'number', description }) as const;

/** MailHog's Jim settings. */
const jim = {
  description: "Jim's settings, as MailHog names them",
  type: 'object',
  properties: {
    DisconnectChance: chance('Chance of dropping the connection at each command'),
    AcceptChance: chance('Chance of accepting a connection'),
    LinkSpeedAffect: chance('Chance of a slow link for a session'),
    LinkSpeedMin: { type: 'number', description: 'Slowest link, bytes per second' },
    LinkSpeedMax: { type: 'number', description: 'Fastest slow link, bytes per second' },
    RejectSenderChance: chance('Chance of refusing MAIL FROM (550)'),
    RejectRecipientChance: chance('Chance of refusing RCPT TO (550)'),
    RejectAuthChance: chance('Chance of refusing AUTH (535)'),
  },
} as const;

const empty = textResponse('Empty body');

export const getJimSchema = {
  tags: ['mailhog'],
  summary: "Get Jim's settings",
  description: 'MailHog compatibility: 404 when Jim is not invited.',
  response: { 200: jim, ...errorResponses(404) },
};

export const inviteJimSchema = {
  tags: ['mailhog'],
  summary: 'Invite Jim',
  description: "MailHog compatibility: without a body Jim comes with MailHog's defaults; with one, settings left out are 0. 400 when he is already there.",
  // No body schema: the body may be left out altogether (Jim then comes with MailHog's defaults); it has PUT's shape.
  response: { 201: empty, ...errorResponses(400, 415) },
};

export const updateJimSchema = {
  tags: ['mailhog'],
  summary: "Change Jim's settings",
  description: 'MailHog compatibility: settings left out are 0. 404 when Jim is not invited.',
  body: jim,
  response: { 200: empty, ...errorResponses(400, 404) },
};

export const deleteJimSchema = {
  tags: ['mailhog'],
  summary: 'Send Jim home',
  response: { 200: empty, ...errorResponses(404) },
};
