import { describe, expect, it } from 'vitest';
import { parseChaosRule } from './parse-rule.js';

const base = { Stage: 'rcpt', Action: { Type: 'reply', Code: 451 } };
const error = (body: unknown) => {
  try {
    parseChaosRule(body);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

describe('parseChaosRule', () => {
  it('reads a full rule and fills the defaults', () => {
    expect(parseChaosRule(base)).toEqual({
      stage: 'rcpt',
      match: {},
      action: { type: 'reply', code: 451, enhanced: undefined, text: undefined, disconnect: false },
      probability: 1,
      times: null,
      seed: null,
      description: '',
    });
    expect(
      parseChaosRule({ Stage: 'mail', Match: { Sender: '*@app.test' }, Action: { Type: 'rate-limit', PerMinute: 10 }, Description: 'ten a minute' }),
    ).toMatchObject({ action: { type: 'rate-limit', perMinute: 10, code: 421 }, match: { sender: '*@app.test' } });
  });

  it.each([
    [null, 'the rule must be a JSON object; got null'],
    [[base], 'the rule must be a JSON object; got [{"Stage":"rcpt","Action":{"Type":"reply","Code":451}}]'],
    [{ ...base, Stage: 'helo' }, 'Stage must be one of connect, ehlo, auth, mail, rcpt, data, after-data; got "helo"'],
    [{ ...base, Probabilty: 0.5 }, 'unknown field Probabilty (expected Stage, Match, Action, Probability, Times, Seed, Description)'],
    [{ ...base, Probability: 1.5 }, 'Probability must be a number from 0 to 1; got 1.5'],
    [{ ...base, Probability: '0.5' }, 'Probability must be a number from 0 to 1; got "0.5"'],
    [{ ...base, Times: 0 }, 'Times must be a whole number of at least 1; got 0'],
    [{ ...base, Seed: -1 }, 'Seed must be a whole number from 0 to 4294967295; got -1'],
    [{ Stage: 'rcpt' }, 'Action must be a JSON object; got nothing'],
    [{ ...base, Action: { Type: 'bounce' } }, 'Action.Type must be one of reply, delay, drop, throttle, rate-limit; got "bounce"'],
    [{ ...base, Action: { Type: 'reply', Code: 250 } }, 'Action.Code must be an SMTP reply code from 400 to 599; got 250'],
    [{ ...base, Action: { Type: 'reply', Code: 451, EnhancedCode: '5.7.1' } }, 'Action.EnhancedCode must be an RFC 3463 code of the same class as Code, like 4.7.1; got "5.7.1"'],
    [{ ...base, Action: { Type: 'reply', Code: 451, Text: 'a\r\n250 ok' } }, 'Action.Text must be one line of at most 400 characters'],
    [{ ...base, Action: { Type: 'delay', Ms: 1, Code: 4 } }, 'unknown field Action.Code (expected Action.Type, Action.Ms)'],
    [{ ...base, Action: { Type: 'delay', Ms: -5 } }, 'Action.Ms must be a whole number of milliseconds from 0 to 600000; got -5'],
    [{ ...base, Action: { Type: 'throttle', BytesPerSecond: 0 } }, 'Action.BytesPerSecond must be a whole number from 1 to 1073741824; got 0'],
    [{ Stage: 'after-data', Action: { Type: 'throttle', BytesPerSecond: 10 } }, "a throttle slows the client's bytes down, so it cannot act at stage after-data (use data or earlier)"],
    [{ ...base, Action: { Type: 'rate-limit', PerMinute: 5, Code: 450 } }, 'Action.Code of a rate-limit must be 421 or 451; got 450'],
    [{ ...base, Action: { Type: 'rate-limit', PerMinute: 5 }, Times: 2 }, 'Probability and Times do not apply to a rate-limit action (it counts every match)'],
    [{ ...base, Stage: 'ehlo', Match: { Sender: '*' } }, 'Match.Sender is not known at stage ehlo; it can be used at mail, rcpt, data, after-data'],
    [{ ...base, Match: { Recipient: '/(/' } }, 'Match.Recipient is not a valid regular expression: Invalid regular expression: /(/i: Unterminated group'],
    [{ ...base, Match: { Recipient: '/x/g' } }, 'Match.Recipient may not use the g or y flag'],
    [{ ...base, Match: { Mailbox: 'x' } }, 'unknown field Match.Mailbox (expected Match.Sender, Match.Recipient, Match.User, Match.Inbox)'],
  ])('refuses %j: %s', (body, message) => {
    expect(error(body)).toBe(message);
  });

  it('prefixes the message with where the rule came from', () => {
    expect(() => parseChaosRule({ Stage: 'x' }, 'rule 2: ')).toThrow(/^rule 2: Stage must be/);
  });
});
