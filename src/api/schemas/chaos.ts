import { CHAOS_STAGES } from '../../chaos/index.js';
import { errorResponses, okResponse } from './shared.js';

const trigger = {
  type: 'object',
  properties: {
    ErrorCode: { type: 'integer', description: 'SMTP code to answer, 400 to 599' },
    Probability: { type: 'integer', description: 'Chance in percent, 0 to 100' },
  },
} as const;

/** Mailpit's `ChaosTriggers`. */
const triggers = {
  description: "Mailpit's chaos triggers",
  type: 'object',
  properties: { Sender: trigger, Recipient: trigger, Authentication: trigger },
} as const;

export const getChaosSchema = {
  tags: ['chaos'],
  summary: 'Get chaos triggers',
  description: "Mailpit's chaos triggers. Answers 400 unless devmail was started with --enable-chaos or --chaos-triggers.",
  response: { 200: triggers, ...errorResponses(400) },
};

export const setChaosSchema = {
  tags: ['chaos'],
  summary: 'Set chaos triggers',
  description: 'Sets the triggers and answers them. A trigger left out is reset (default code, probability 0). Needs chaos enabled, as in Mailpit.',
  body: triggers,
  response: { 200: triggers, ...errorResponses(400) },
};

const nullableInt = { type: ['integer', 'null'] } as const;

/** A chaos rule (devmail extension). */
const rule = {
  description: 'A chaos rule',
  type: 'object',
  properties: {
    ID: { type: 'string' },
    Source: { type: 'string', enum: ['api', 'file', 'mailpit', 'jim'], description: 'Who made it; only api and file rules are deleted here' },
    Stage: { type: 'string', enum: [...CHAOS_STAGES] },
    Match: {
      type: 'object',
      description: 'Patterns (glob with * and ?, or /regex/flags), all ignoring case',
      properties: { Sender: { type: 'string' }, Recipient: { type: 'string' }, User: { type: 'string' }, Inbox: { type: 'string' } },
    },
    Action: {
      type: 'object',
      description: 'reply {Code, EnhancedCode?, Text?, Disconnect?}, delay {Ms}, drop {}, throttle {BytesPerSecond, MaxBytesPerSecond?}, rate-limit {PerMinute, Code? (421|451), Text?}',
      properties: {
        Type: { type: 'string', enum: ['reply', 'delay', 'drop', 'throttle', 'rate-limit'] },
        Code: { type: 'integer' },
        EnhancedCode: { type: 'string' },
        Text: { type: 'string' },
        Disconnect: { type: 'boolean' },
        Ms: { type: 'integer' },
        BytesPerSecond: { type: 'integer' },
        MaxBytesPerSecond: { type: 'integer' },
        PerMinute: { type: 'integer' },
      },
    },
    Probability: { type: 'number', description: 'Chance it fires when it matches, 0 to 1 (default 1)' },
    Times: { ...nullableInt, description: 'Fire only the first N times (null: always)' },
    Seed: { ...nullableInt, description: 'Its own random sequence (null: the shared one)' },
    Description: { type: 'string' },
    Matched: { type: 'integer', description: 'Times it matched' },
    Fired: { type: 'integer', description: 'Times it acted' },
  },
} as const;

const ruleParams = {
  type: 'object',
  properties: { ID: { type: 'string', minLength: 1, description: 'Rule ID' } },
  required: ['ID'],
} as const;

export const listChaosRulesSchema = {
  tags: ['chaos'],
  summary: 'List chaos rules',
  description: 'Every rule in evaluation order (devmail extension), with the seed of the shared random sequence.',
  response: {
    200: { description: 'The rules', type: 'object', properties: { Seed: { type: 'integer' }, Rules: { type: 'array', items: rule } } },
    ...errorResponses(400),
  },
};

export const addChaosRuleSchema = {
  tags: ['chaos'],
  summary: 'Add a chaos rule',
  description: 'Adds a rule at the end (Stage, Match, Action, Probability, Times, Seed, Description). Any mistake is a 400 naming the field.',
  // Validated by the chaos module itself (parseChaosRule), so the API and the rules file give the same messages.
  body: { type: 'object', description: 'A rule without ID, Source, Matched and Fired' },
  response: { 201: rule, ...errorResponses(400, 415) },
};

export const deleteChaosRulesSchema = {
  tags: ['chaos'],
  summary: 'Delete every chaos rule',
  description: "Removes the rules added through the API or the rules file (Mailpit's triggers and Jim stay).",
  response: { 200: okResponse, ...errorResponses(400) },
};

export const getChaosRuleSchema = {
  tags: ['chaos'],
  summary: 'Get a chaos rule',
  params: ruleParams,
  response: { 200: rule, ...errorResponses(400, 404) },
};

export const deleteChaosRuleSchema = {
  tags: ['chaos'],
  summary: 'Delete a chaos rule',
  description: "Mailpit's trigger rules and Jim's are changed through their own routes (409).",
  params: ruleParams,
  response: { 200: okResponse, ...errorResponses(400, 404, 409) },
};

/** Params of /chaos/rules/{ID}. */
export interface ChaosRuleParams {
  ID: string;
}
