import { DevmailError } from '../core/errors.js';
import { compilePattern } from './pattern.js';
import { CHAOS_STAGES, type ChaosAction, type ChaosMatchSpec, type ChaosRuleSpec, type ChaosStage } from './types.js';

/** Longest delay a rule may add: past RFC 5321's shortest client timeouts (§4.5.3.2) there is nothing left to test. */
const MAX_DELAY_MS = 10 * 60_000;
/** Fastest throttle: above 1 GB/s it is no longer a slow link. */
const MAX_BYTES_PER_SECOND = 1 << 30;
/** Reply text that fits one SMTP line (RFC 5321 §4.5.3.1.5: 512 octets with code and CRLF). */
const MAX_TEXT_LENGTH = 400;

const RULE_FIELDS = ['Stage', 'Match', 'Action', 'Probability', 'Times', 'Seed', 'Description'];
const MATCH_FIELDS = ['Sender', 'Recipient', 'User', 'Inbox'];
const ACTION_FIELDS: Record<ChaosAction['type'], string[]> = {
  reply: ['Type', 'Code', 'EnhancedCode', 'Text', 'Disconnect'],
  delay: ['Type', 'Ms'],
  drop: ['Type'],
  throttle: ['Type', 'BytesPerSecond', 'MaxBytesPerSecond'],
  'rate-limit': ['Type', 'PerMinute', 'Code', 'Text'],
};

/** The stages at which each match field is known. */
const MATCH_STAGES: Record<keyof ChaosMatchSpec, readonly ChaosStage[]> = {
  sender: ['mail', 'rcpt', 'data', 'after-data'],
  recipient: ['rcpt', 'data', 'after-data'],
  user: ['auth', 'mail', 'rcpt', 'data', 'after-data'],
  inbox: ['rcpt', 'data', 'after-data'],
};

/**
 * Validates a rule as the API and the rules file give it (PascalCase JSON) into a spec, or
 * throws DevmailError('bad_request') naming the field and what is wrong with it. `where` prefixes
 * the message (e.g. "rule 3: ").
 */
export function parseChaosRule(body: unknown, where = ''): ChaosRuleSpec {
  const fail = (message: string): never => {
    throw new DevmailError('bad_request', `${where}${message}`);
  };
  const rule = asObject(body, 'the rule', fail);
  checkFields(rule, RULE_FIELDS, '', fail);

  const stage = rule.Stage;
  if (typeof stage !== 'string' || !(CHAOS_STAGES as readonly string[]).includes(stage)) {
    fail(`Stage must be one of ${CHAOS_STAGES.join(', ')}; got ${show(stage)}`);
  }
  const s = stage as ChaosStage;
  const match = parseMatch(rule.Match, s, fail);
  const action = parseAction(rule.Action, s, fail);

  const probability = rule.Probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    fail(`Probability must be a number from 0 to 1; got ${show(rule.Probability)}`);
  }
  const times = rule.Times ?? null;
  if (times !== null && !isWhole(times, 1)) fail(`Times must be a whole number of at least 1; got ${show(times)}`);
  const seed = rule.Seed ?? null;
  if (seed !== null && !(isWhole(seed, 0) && (seed as number) <= 0xffff_ffff)) {
    fail(`Seed must be a whole number from 0 to 4294967295; got ${show(seed)}`);
  }
  if (action.type === 'rate-limit' && (probability !== 1 || times !== null)) {
    fail('Probability and Times do not apply to a rate-limit action (it counts every match)');
  }
  const description = rule.Description ?? '';
  if (typeof description !== 'string' || description.length > 200) fail('Description must be text of at most 200 characters');
  return { stage: s, match, action, probability: probability as number, times: times as number | null, seed: seed as number | null, description: description as string };
}

function parseMatch(value: unknown, stage: ChaosStage, fail: (m: string) => never): ChaosMatchSpec {
  if (value === undefined || value === null) return {};
  const m = asObject(value, 'Match', fail);
  checkFields(m, MATCH_FIELDS, 'Match.', fail);
  const out: ChaosMatchSpec = {};
  for (const field of MATCH_FIELDS) {
    const pattern = m[field];
    if (pattern === undefined || pattern === null || pattern === '') continue;
    const key = field.toLowerCase() as keyof ChaosMatchSpec;
    if (typeof pattern !== 'string') fail(`Match.${field} must be a text pattern; got ${show(pattern)}`);
    if (!MATCH_STAGES[key].includes(stage)) {
      fail(`Match.${field} is not known at stage ${stage}; it can be used at ${MATCH_STAGES[key].join(', ')}`);
    }
    try {
      compilePattern(pattern as string);
    } catch (err) {
      fail(`Match.${field} ${(err as Error).message}`);
    }
    out[key] = pattern as string;
  }
  return out;
}

function parseAction(value: unknown, stage: ChaosStage, fail: (m: string) => never): ChaosAction {
  const a = asObject(value, 'Action', fail);
  const type = a.Type;
  if (typeof type !== 'string' || !(type in ACTION_FIELDS)) {
    fail(`Action.Type must be one of ${Object.keys(ACTION_FIELDS).join(', ')}; got ${show(type)}`);
  }
  const t = type as ChaosAction['type'];
  checkFields(a, ACTION_FIELDS[t], 'Action.', fail);
  const text = parseText(a.Text, fail);
  switch (t) {
    case 'reply': {
      const code = a.Code;
      if (!isWhole(code, 400) || (code as number) > 599) fail(`Action.Code must be an SMTP reply code from 400 to 599; got ${show(code)}`);
      const enhanced = a.EnhancedCode ?? undefined;
      if (enhanced !== undefined) {
        const cls = String(Math.floor((code as number) / 100));
        if (typeof enhanced !== 'string' || !/^[45]\.\d{1,3}\.\d{1,3}$/.test(enhanced) || enhanced[0] !== cls) {
          fail(`Action.EnhancedCode must be an RFC 3463 code of the same class as Code, like ${cls}.7.1; got ${show(enhanced)}`);
        }
      }
      const disconnect = a.Disconnect ?? false;
      if (typeof disconnect !== 'boolean') fail(`Action.Disconnect must be true or false; got ${show(disconnect)}`);
      return { type: 'reply', code: code as number, enhanced: enhanced as string | undefined, text, disconnect: disconnect as boolean };
    }
    case 'delay': {
      if (!isWhole(a.Ms, 0) || (a.Ms as number) > MAX_DELAY_MS) fail(`Action.Ms must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${show(a.Ms)}`);
      return { type: 'delay', ms: a.Ms as number };
    }
    case 'drop':
      return { type: 'drop' };
    case 'throttle': {
      if (stage === 'after-data') fail('a throttle slows the client\'s bytes down, so it cannot act at stage after-data (use data or earlier)');
      const rate = a.BytesPerSecond;
      if (!isWhole(rate, 1) || (rate as number) > MAX_BYTES_PER_SECOND) fail(`Action.BytesPerSecond must be a whole number from 1 to ${MAX_BYTES_PER_SECOND}; got ${show(rate)}`);
      const max = a.MaxBytesPerSecond ?? undefined;
      if (max !== undefined && (!isWhole(max, rate as number) || (max as number) > MAX_BYTES_PER_SECOND)) {
        fail(`Action.MaxBytesPerSecond must be a whole number from BytesPerSecond to ${MAX_BYTES_PER_SECOND}; got ${show(max)}`);
      }
      return { type: 'throttle', bytesPerSecond: rate as number, maxBytesPerSecond: max as number | undefined };
    }
    case 'rate-limit': {
      if (!isWhole(a.PerMinute, 1)) fail(`Action.PerMinute must be a whole number of at least 1; got ${show(a.PerMinute)}`);
      const code = a.Code ?? 421;
      if (code !== 421 && code !== 451) fail(`Action.Code of a rate-limit must be 421 or 451; got ${show(code)}`);
      return { type: 'rate-limit', perMinute: a.PerMinute as number, code: code as 421 | 451, text };
    }
  }
}

function parseText(value: unknown, fail: (m: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH || /[\r\n]/.test(value)) {
    fail(`Action.Text must be one line of at most ${MAX_TEXT_LENGTH} characters`);
  }
  return value as string;
}

function asObject(value: unknown, name: string, fail: (m: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${name} must be a JSON object; got ${show(value)}`);
  return value as Record<string, unknown>;
}

function checkFields(obj: Record<string, unknown>, allowed: string[], prefix: string, fail: (m: string) => never): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`unknown field ${prefix}${key} (expected ${allowed.map((f) => prefix + f).join(', ')})`);
  }
}

function isWhole(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** A value as it appears in a message: short, and never more than a glimpse of hostile input. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
