import { DevmailError } from '../core/errors.js';
import type { ChaosRuleSpec, ChaosStage } from './types.js';

/** MailHog's Jim settings, with MailHog's JSON field names. Chances are 0 to 1; link speeds bytes per second. */
export interface JimSettings {
  DisconnectChance: number;
  AcceptChance: number;
  LinkSpeedAffect: number;
  LinkSpeedMin: number;
  LinkSpeedMax: number;
  RejectSenderChance: number;
  RejectRecipientChance: number;
  RejectAuthChance: number;
}

const FIELDS: Array<keyof JimSettings> = [
  'DisconnectChance',
  'AcceptChance',
  'LinkSpeedAffect',
  'LinkSpeedMin',
  'LinkSpeedMax',
  'RejectSenderChance',
  'RejectRecipientChance',
  'RejectAuthChance',
];

/** MailHog's defaults, used when Jim is invited without settings. */
export function defaultJim(): JimSettings {
  return {
    DisconnectChance: 0.005,
    AcceptChance: 0.99,
    LinkSpeedAffect: 0.1,
    LinkSpeedMin: 1024,
    LinkSpeedMax: 10240,
    RejectSenderChance: 0.05,
    RejectRecipientChance: 0.05,
    RejectAuthChance: 0.05,
  };
}

/**
 * Reads Jim's settings from a `POST/PUT /api/v2/jim` body. As in MailHog, a field left out is 0
 * (so `{"DisconnectChance": 1}` also means AcceptChance 0: every connection refused). Throws
 * DevmailError('bad_request') naming the field.
 */
export function parseJimBody(body: unknown): JimSettings {
  const fail = (message: string): never => {
    throw new DevmailError('bad_request', message);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('the body must be a JSON object of Jim settings');
  const given = body as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(FIELDS as string[]).includes(key)) fail(`unknown Jim setting ${key} (expected ${FIELDS.join(', ')})`);
  }
  const out = {} as JimSettings;
  for (const field of FIELDS) {
    const value = given[field] ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${field} must be a number of at least 0`);
    if (!field.startsWith('LinkSpeedM') && (value as number) > 1) fail(`${field} is a chance and must be from 0 to 1`);
    out[field] = value as number;
  }
  if (out.LinkSpeedAffect > 0 && !(out.LinkSpeedMin >= 1 && out.LinkSpeedMax >= out.LinkSpeedMin)) {
    fail('with LinkSpeedAffect above 0, LinkSpeedMin must be at least 1 and LinkSpeedMax at least LinkSpeedMin');
  }
  return out;
}

const DISCONNECT_STAGES: ChaosStage[] = ['ehlo', 'auth', 'mail', 'rcpt', 'data', 'after-data'];

/**
 * The engine rules Jim stands for. A refused connection is closed before the greeting;
 * DisconnectChance applies at every command stage; a link-speed effect throttles the whole session
 * to a rate picked between LinkSpeedMin and LinkSpeedMax; rejections answer as MailHog does (550
 * for senders and recipients, 535 for AUTH).
 */
export function jimRules(jim: JimSettings): Array<{ id: string; spec: ChaosRuleSpec }> {
  const rules: Array<{ id: string; spec: ChaosRuleSpec }> = [];
  const add = (id: string, stage: ChaosStage, probability: number, action: ChaosRuleSpec['action'], description: string) => {
    if (probability > 0) rules.push({ id, spec: { stage, match: {}, action, probability: Math.min(1, probability), times: null, seed: null, description } });
  };
  add('jim-accept', 'connect', 1 - jim.AcceptChance, { type: 'drop' }, 'Jim: refuse the connection (1 - AcceptChance)');
  add('jim-linkspeed', 'connect', jim.LinkSpeedAffect, { type: 'throttle', bytesPerSecond: Math.max(1, Math.round(jim.LinkSpeedMin)), maxBytesPerSecond: Math.max(1, Math.round(jim.LinkSpeedMax)) }, 'Jim: slow link (LinkSpeedAffect)');
  add('jim-reject-auth', 'auth', jim.RejectAuthChance, { type: 'reply', code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' }, 'Jim: RejectAuthChance');
  add('jim-reject-sender', 'mail', jim.RejectSenderChance, { type: 'reply', code: 550, enhanced: '5.1.7', text: 'Invalid sender' }, 'Jim: RejectSenderChance');
  add('jim-reject-recipient', 'rcpt', jim.RejectRecipientChance, { type: 'reply', code: 550, enhanced: '5.1.1', text: 'Invalid recipient' }, 'Jim: RejectRecipientChance');
  for (const stage of DISCONNECT_STAGES) add(`jim-disconnect-${stage}`, stage, jim.DisconnectChance, { type: 'drop' }, 'Jim: DisconnectChance');
  return rules;
}
