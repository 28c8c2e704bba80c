import { describe, expect, it } from 'vitest';
import { hasRelayMark, prepareRelease, type ReleaseRewrite } from './prepare-release.js';
import { checkRecipients, parseRecipient, permittedRecipients } from './recipient-policy.js';

const captured = Buffer.from(
  [
    'Return-Path: <bounce@app.example>',
    'From: "Shop, Inc." <shop@app.example>',
    'To: dev@example.com',
    'Bcc: hidden@example.com,',
    ' other-hidden@example.com',
    'Message-ID: <orig@app.example>',
    'Date: Mon, 1 Apr 2024 10:00:00 +0000',
    'Subject: Order',
    '',
    'Bcc: this line is body, not a header',
    '',
  ].join('\r\n'),
);
const base: ReleaseRewrite = { returnPath: '', overrideFrom: '', preserveMessageIds: false, hostname: 'devmail.test', now: new Date('2024-05-06T07:08:09Z'), mark: 'mark-1' };

describe('prepareRelease', () => {
  it('drops Bcc (folded lines too), sets a new Date and Message-ID, and keeps the body as it was', () => {
    const { raw, mailFrom } = prepareRelease(captured, base);
    const text = raw.toString();
    const [header, body] = text.split('\r\n\r\n');
    expect(header).not.toMatch(/hidden/);
    expect(header).toMatch(/^Message-ID: <[0-9a-f]{24}@devmail\.test>$/m);
    expect(header).toMatch(/^Date: Mon, 6 May 2024 07:08:09 \+0000$/m);
    expect(header).not.toMatch(/orig@app\.example|Apr 2024/);
    expect(header).toMatch(/^Return-Path: <bounce@app\.example>$/m);
    expect(body).toBe('Bcc: this line is body, not a header\r\n');
    expect(mailFrom).toBe('shop@app.example');
  });

  it('marks the copy with the relaying devmail, which knows its own mark and no other', () => {
    const { raw } = prepareRelease(captured, base);
    expect(raw.toString()).toMatch(/^X-Devmail-Relayed-By: mark-1$/m);
    expect(hasRelayMark(raw, 'mark-1')).toBe(true);
    expect(hasRelayMark(raw, 'mark-2')).toBe(false);
    expect(hasRelayMark(captured, 'mark-1')).toBe(false);
    // Through a second devmail: both marks, each known to its own devmail.
    const twice = prepareRelease(raw, { ...base, mark: 'mark-2' }).raw;
    expect(hasRelayMark(twice, 'mark-1')).toBe(true);
    expect(hasRelayMark(twice, 'mark-2')).toBe(true);
  });

  it('applies Return-Path, From override and preserved Message-IDs as configured', () => {
    const { raw, mailFrom } = prepareRelease(captured, { ...base, returnPath: 'relay@devmail.test', overrideFrom: 'noreply@devmail.test', preserveMessageIds: true });
    const header = raw.toString().split('\r\n\r\n')[0];
    expect(header).toMatch(/^Return-Path: <relay@devmail\.test>$/m);
    expect(header).not.toMatch(/bounce@app\.example/);
    expect(header).toMatch(/^From: "Shop, Inc\." <noreply@devmail\.test>$/m);
    expect(header).toMatch(/^Message-ID: <orig@app\.example>$/m);
    expect(mailFrom).toBe('relay@devmail.test');
    expect(prepareRelease(captured, { ...base, overrideFrom: 'noreply@devmail.test' }).mailFrom).toBe('noreply@devmail.test');
  });

  it('sends from the Sender header when there is one', () => {
    const withSender = Buffer.from(`Sender: relay-sender@app.example\r\n${captured.toString()}`);
    expect(prepareRelease(withSender, base).mailFrom).toBe('relay-sender@app.example');
  });
});

describe('recipient policy', () => {
  const policy = { allowedRecipients: /@example\.com$/i, blockedRecipients: /^blocked@/i };

  it('reads bare and named addresses, and refuses anything that could carry an SMTP command', () => {
    expect(parseRecipient('a@example.com')).toBe('a@example.com');
    expect(parseRecipient(' Name <a@example.com> ')).toBe('a@example.com');
    expect(parseRecipient('a@example.com\r\nRCPT TO:<b@example.com>')).toBeNull();
    expect(parseRecipient('Name\r\n <a@example.com>')).toBeNull();
    expect(parseRecipient('a b@example.com')).toBeNull();
    expect(parseRecipient('no-at-sign')).toBeNull();
  });

  it("checks a release with Mailpit's messages", () => {
    expect(checkRecipients(['A <a@example.com>'], policy)).toEqual(['a@example.com']);
    expect(() => checkRecipients(['a@other.org'], policy)).toThrow('Mail address does not match allowlist: a@other.org');
    expect(() => checkRecipients(['blocked@example.com'], policy)).toThrow('Mail address is explicitly blocked: blocked@example.com');
    expect(() => checkRecipients(['x'], policy)).toThrow('Invalid email address: x');
    expect(() => checkRecipients([], policy)).toThrow('No valid addresses found');
  });

  it('lets rules skip recipients the policy refuses, once each', () => {
    expect(permittedRecipients(['a@example.com', 'blocked@example.com', 'b@other.org', 'A@example.com', 'a@example.com'], policy)).toEqual(['a@example.com', 'A@example.com']);
  });
});
