/**
 * The stages of an SMTP session a chaos rule can act at: the connection (before the greeting),
 * EHLO/HELO, AUTH (after the credentials are checked), MAIL, RCPT, DATA/first BDAT (before the
 * message), and after DATA (the finished message, before it is stored).
 */
export const CHAOS_STAGES = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'after-data'] as const;

/** One of `CHAOS_STAGES`. */
export type ChaosStage = (typeof CHAOS_STAGES)[number];

/** Where a rule came from: the API, the rules file, Mailpit's triggers, or MailHog's Jim. */
export type ChaosRuleSource = 'api' | 'file' | 'mailpit' | 'jim';

/** What a rule does when it fires. */
export type ChaosAction =
  /** Reply with this code (4xx/5xx), enhanced code and text instead of the stage's own reply. */
  | { type: 'reply'; code: number; enhanced?: string; text?: string; disconnect?: boolean }
  /** Hold the stage's reply back this long, then go on as usual. */
  | { type: 'delay'; ms: number }
  /** Close the connection without a word. */
  | { type: 'drop' }
  /** Read the client's bytes at most this fast for the rest of the session (a rate picked in [min, max] when max is given). */
  | { type: 'throttle'; bytesPerSecond: number; maxBytesPerSecond?: number }
  /** Let `perMinute` matches through in any sliding minute, answer `code` (421 or 451) past that. */
  | { type: 'rate-limit'; perMinute: number; code: 421 | 451; text?: string };

/** Patterns a rule matches on; each is a glob (`*`, `?`, case-insensitive) or `/regex/flags`. */
export interface ChaosMatchSpec {
  sender?: string;
  recipient?: string;
  user?: string;
  inbox?: string;
}

/** A rule as given (API body or rules file), validated. */
export interface ChaosRuleSpec {
  stage: ChaosStage;
  match: ChaosMatchSpec;
  action: ChaosAction;
  /** Chance the rule fires when it matches, 0 to 1. */
  probability: number;
  /** Fire only the first N times it would, then stand aside (null: always). */
  times: number | null;
  /** Its own random sequence from this seed (null: the engine's). */
  seed: number | null;
  description: string;
}

/** A rule in the engine: the spec plus its id, source and counters. */
export interface ChaosRule extends ChaosRuleSpec {
  id: string;
  source: ChaosRuleSource;
  /** Times it matched (stage and patterns). */
  matched: number;
  /** Times it acted. */
  fired: number;
}

/** What a stage knows when the rules are asked. */
export interface ChaosContext {
  /** MAIL FROM address ('' for the null sender), once given. */
  sender?: string;
  /** The RCPT address at the rcpt stage; every accepted one at data and after data. */
  recipients?: readonly string[];
  /** The AUTH user: the one authenticating at the auth stage, the authenticated one later. */
  user?: string | null;
  /** Inboxes of the recipients. */
  inboxes?: readonly string[];
}

/** A reply the rules chose, shaped as the SMTP engine's own replies. */
export interface ChaosReply {
  code: number;
  enhanced?: string;
  text: string;
  disconnect?: boolean;
  silent?: boolean;
}

/** The outcome at one stage: a delay to wait, a throttle to apply, and maybe a reply. */
export interface ChaosVerdict {
  delayMs: number;
  throttleBytesPerSecond: number | null;
  reply: ChaosReply | null;
  /** Ids of the rules that acted, in order. */
  fired: string[];
}
