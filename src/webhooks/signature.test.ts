import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.js';

describe('webhook signatures', () => {
  // Computed apart: printf '%s' '1700000000.{"ID":"abc"}' | openssl dgst -sha256 -hmac 'k3y'
  const expected = 'sha256=147a46edc561a117b009e5a3a72b63eb77d720f8cddba0b630599db66733d736';

  it('is the HMAC-SHA256 of "timestamp.body" with the secret, in hex', () => {
    expect(signWebhook('k3y', 1700000000, '{"ID":"abc"}')).toBe(expected);
  });

  it('verifies only the same secret, time and body', () => {
    expect(verifyWebhook('k3y', '1700000000', '{"ID":"abc"}', expected)).toBe(true);
    expect(verifyWebhook('k3y', '1700000001', '{"ID":"abc"}', expected)).toBe(false);
    expect(verifyWebhook('k3y', '1700000000', '{"ID":"abd"}', expected)).toBe(false);
    expect(verifyWebhook('other', '1700000000', '{"ID":"abc"}', expected)).toBe(false);
    expect(verifyWebhook('k3y', '1700000000', '{"ID":"abc"}', 'sha256=short')).toBe(false);
  });
});
