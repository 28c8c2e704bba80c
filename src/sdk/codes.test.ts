import { describe, expect, it } from 'vitest';
import { findCodes } from './codes.js';

describe('findCodes', () => {
  it('finds a standalone 6-digit code', () => {
    expect(findCodes('Your verification code is 482913.')).toEqual(['482913']);
  });

  it('puts the code after a cue word before other numbers', () => {
    expect(findCodes('Order 55123 shipped. Use code 7731 to track it.')).toEqual(['7731', '55123']);
  });

  it('skips dates, times, amounts, phone numbers and card-like groups', () => {
    const text = 'Sent 2024-05-01 at 10:30. Total $1250 or 1.234,50 EUR. Call 555-1234 or +44 20 7946 0958. Card 4242 4242 4242 4242.';
    expect(findCodes(text)).toEqual([]);
  });

  it('skips years beside a month or a copyright sign, and ZIP codes after a state', () => {
    const text = 'Since March 2019. © 2025 Shop Inc, 1 Main St, Springfield, IL 62704.';
    expect(findCodes(text)).toEqual([]);
  });

  it('skips digits inside words, URLs and addresses, and runs too short or long', () => {
    const text = 'Ref A12345, see https://app.test/u/123456 or user123456@x.test; 123 and 123456789.';
    expect(findCodes(text)).toEqual([]);
  });

  it('keeps a 4-digit code that looks like a year when nothing says it is one', () => {
    expect(findCodes('Your PIN: 2019')).toEqual(['2019']);
  });

  it('uses a given pattern and its first group', () => {
    expect(findCodes('Code: AB-9X7Q, backup ZZ-0000', { pattern: /\b([A-Z]{2}-[0-9A-Z]{4})\b/ })).toEqual(['AB-9X7Q', 'ZZ-0000']);
  });

  it('returns each code once', () => {
    expect(findCodes('Code 9182. Again: 9182')).toEqual(['9182']);
  });
});
