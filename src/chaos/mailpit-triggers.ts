import { DevmailError } from '../core/errors.js';
import type { ChaosRuleSpec, ChaosStage } from './types.js';

/** One of Mailpit's chaos triggers: the code to answer and the chance in percent. */
export interface MailpitTrigger {
  ErrorCode: number;
  Probability: number;
}

/** Mailpit's `ChaosTriggers`, as `GET/PUT /api/v1/chaos` carry them. */
export interface MailpitTriggers {
  Sender: MailpitTrigger;
  Recipient: MailpitTrigger;
  Authentication: MailpitTrigger;
}

type TriggerName = keyof MailpitTriggers;

/** Mailpit's defaults: 451 for sender and recipient, 535 for authentication, never triggered. */
export function defaultMailpitTriggers(): MailpitTriggers {
  return { Sender: { ErrorCode: 451, Probability: 0 }, Recipient: { ErrorCode: 451, Probability: 0 }, Authentication: { ErrorCode: 535, Probability: 0 } };
}

const DEFAULT_CODES: Record<TriggerName, number> = { Sender: 451, Recipient: 451, Authentication: 535 };
const STAGES: Record<TriggerName, ChaosStage> = { Sender: 'mail', Recipient: 'rcpt', Authentication: 'auth' };
const TEXTS: Record<TriggerName, string> = { Sender: 'Chaos sender error', Recipient: 'Chaos recipient error', Authentication: 'Chaos authentication error' };
/** Names `--chaos-triggers` accepts, as Mailpit does (any case). */
const NAMES: Record<string, TriggerName> = {
  sender: 'Sender',
  recipient: 'Recipient',
  recipients: 'Recipient',
  auth: 'Authentication',
  authentication: 'Authentication',
};

/**
 * Parses Mailpit's `--chaos-triggers` syntax, `<trigger>:<code>:<probability>` separated by
 * commas (e.g. `Sender:451:50,Recipient:550:10`), over the defaults. Throws an Error saying which
 * part is wrong.
 */
export function parseChaosTriggers(text: string): MailpitTriggers {
  const triggers = defaultMailpitTriggers();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const bits = part.split(':');
    if (bits.length !== 3) throw new Error(`"${part}" is not <trigger>:<error-code>:<probability>`);
    const name = NAMES[bits[0].toLowerCase()];
    if (!name) throw new Error(`unknown trigger "${bits[0]}" (expected Sender, Recipient or Authentication)`);
    if (!/^\d+$/.test(bits[1]) || !/^\d+$/.test(bits[2])) throw new Error(`"${part}": the code and probability must be whole numbers`);
    triggers[name] = checkTrigger(name, Number(bits[1]), Number(bits[2]), (m) => {
      throw new Error(m);
    });
  }
  return triggers;
}

/**
 * Reads a `PUT /api/v1/chaos` body as Mailpit does: a missing trigger is reset to its default
 * code with probability 0, a missing or 0 ErrorCode takes the default. Throws
 * DevmailError('bad_request') naming the field.
 */
export function parseMailpitTriggersBody(body: unknown): MailpitTriggers {
  const fail = (message: string): never => {
    throw new DevmailError('bad_request', message);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('the body must be a JSON object of Sender, Recipient and Authentication triggers');
  const given = body as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_CODES)) fail(`unknown trigger ${key} (expected Sender, Recipient or Authentication)`);
  }
  const out = defaultMailpitTriggers();
  for (const name of Object.keys(DEFAULT_CODES) as TriggerName[]) {
    const value = given[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) fail(`${name} must be an object {ErrorCode, Probability}`);
    const t = value as Record<string, unknown>;
    for (const key of Object.keys(t)) if (key !== 'ErrorCode' && key !== 'Probability') fail(`unknown field ${name}.${key} (expected ErrorCode, Probability)`);
    const code = t.ErrorCode ?? 0;
    const probability = t.Probability ?? 0;
    if (!Number.isInteger(code)) fail(`${name}.ErrorCode must be a whole number`);
    if (!Number.isInteger(probability)) fail(`${name}.Probability must be a whole number from 0 to 100`);
    out[name] = checkTrigger(name, (code as number) || DEFAULT_CODES[name], probability as number, (m) => fail(`${name}: ${m}`));
  }
  return out;
}

function checkTrigger(name: TriggerName, code: number, probability: number, fail: (m: string) => never): MailpitTrigger {
  // Mailpit's own checks and words.
  if (code < 400 || code > 599) fail(`error code must be between 400 and 599 (${name}: ${code})`);
  if (probability < 0 || probability > 100) fail(`probability must be between 0 and 100 (${name}: ${probability})`);
  return { ErrorCode: code, Probability: probability };
}

/** The engine rules Mailpit's triggers stand for: `<code> Chaos <trigger> error`, without an enhanced code, as Mailpit answers. */
export function mailpitTriggerRules(triggers: MailpitTriggers): Array<{ id: string; spec: ChaosRuleSpec }> {
  return (Object.keys(STAGES) as TriggerName[])
    .filter((name) => triggers[name].Probability > 0)
    .map((name) => ({
      id: `mailpit-${name.toLowerCase()}`,
      spec: {
        stage: STAGES[name],
        match: {},
        action: { type: 'reply', code: triggers[name].ErrorCode, enhanced: '', text: TEXTS[name] },
        probability: triggers[name].Probability / 100,
        times: null,
        seed: null,
        description: `Mailpit chaos trigger ${name}`,
      },
    }));
}
