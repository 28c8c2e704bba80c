import { describe, expect, it } from 'vitest';
import { mailpitTriggerRules, parseChaosTriggers, parseMailpitTriggersBody } from './mailpit-triggers.js';

describe("Mailpit's chaos triggers", () => {
  it('reads --chaos-triggers over the defaults, names in any case, Recipients as Recipient', () => {
    expect(parseChaosTriggers('Sender:451:50,recipients:550:10')).toEqual({
      Sender: { ErrorCode: 451, Probability: 50 },
      Recipient: { ErrorCode: 550, Probability: 10 },
      Authentication: { ErrorCode: 535, Probability: 0 },
    });
    expect(parseChaosTriggers('AUTH:454:100').Authentication).toEqual({ ErrorCode: 454, Probability: 100 });
  });

  it.each([
    ['Sender:451', '"Sender:451" is not <trigger>:<error-code>:<probability>'],
    ['Helo:451:5', 'unknown trigger "Helo" (expected Sender, Recipient or Authentication)'],
    ['Sender:299:5', 'error code must be between 400 and 599 (Sender: 299)'],
    ['Sender:451:101', 'probability must be between 0 and 100 (Sender: 101)'],
    ['Sender:451:x', '"Sender:451:x": the code and probability must be whole numbers'],
  ])('refuses %s', (text, message) => {
    expect(() => parseChaosTriggers(text)).toThrow(message);
  });

  it('resets left-out triggers on PUT and takes the default code for ErrorCode 0', () => {
    expect(parseMailpitTriggersBody({ Recipient: { ErrorCode: 0, Probability: 20 } })).toEqual({
      Sender: { ErrorCode: 451, Probability: 0 },
      Recipient: { ErrorCode: 451, Probability: 20 },
      Authentication: { ErrorCode: 535, Probability: 0 },
    });
    expect(() => parseMailpitTriggersBody({ Sender: { ErrorCode: 451, Probability: 20.5 } })).toThrow('Sender.Probability must be a whole number from 0 to 100');
    expect(() => parseMailpitTriggersBody({ Senders: {} })).toThrow('unknown trigger Senders');
  });

  it('stands for reply rules without an enhanced code, in Mailpit words', () => {
    const rules = mailpitTriggerRules(parseChaosTriggers('Recipient:550:25'));
    expect(rules).toEqual([
      {
        id: 'mailpit-recipient',
        spec: expect.objectContaining({ stage: 'rcpt', probability: 0.25, action: { type: 'reply', code: 550, enhanced: '', text: 'Chaos recipient error' } }),
      },
    ]);
  });
});
