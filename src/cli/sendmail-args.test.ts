import { describe, expect, it } from 'vitest';
import { parseSendmailArgs, SendmailUsageError } from './sendmail-args.js';

describe('parseSendmailArgs', () => {
  it("reads PHP mail()'s `-t -i`", () => {
    const args = parseSendmailArgs(['-t', '-i']);
    expect(args).toMatchObject({ extractRecipients: true, ignoreDots: true, mode: 'message', recipients: [], sender: null });
  });

  it('takes the sender attached or as the next word, with or without angle brackets', () => {
    expect(parseSendmailArgs(['-fapp@example.com']).sender).toBe('app@example.com');
    expect(parseSendmailArgs(['-f', '<app@example.com>']).sender).toBe('app@example.com');
    expect(parseSendmailArgs(['-r', 'old@example.com']).sender).toBe('old@example.com');
    expect(parseSendmailArgs(['-f', '<>']).sender).toBe('');
  });

  it("reads Rails' `-i -f SENDER RCPT…` with recipients after the options", () => {
    const args = parseSendmailArgs(['-i', '-f', 'app@example.com', 'a@example.com', 'b@example.com']);
    expect(args.recipients).toEqual(['a@example.com', 'b@example.com']);
    expect(args.ignoreDots).toBe(true);
  });

  it('treats -oi like -i and ignores the other -o options a queueing MTA uses', () => {
    const args = parseSendmailArgs(['-oi', '-odi', '-oem', '-oQ/var/spool', 'a@example.com']);
    expect(args.ignoreDots).toBe(true);
    expect(args.recipients).toEqual(['a@example.com']);
  });

  it('does not let an ignored -o option turn on -i', () => {
    expect(parseSendmailArgs(['-odi']).ignoreDots).toBe(false);
  });

  it('reads clustered switches and a value-taking letter at the end of a cluster', () => {
    const args = parseSendmailArgs(['-tif', 'me@example.com']);
    expect(args).toMatchObject({ extractRecipients: true, ignoreDots: true, sender: 'me@example.com' });
  });

  it('splits comma-separated recipients and keeps everything after --', () => {
    expect(parseSendmailArgs(['a@x, b@y', '--', '-odd@z']).recipients).toEqual(['a@x', 'b@y', '-odd@z']);
  });

  it('reads -F, -bs, -bm, -v and --smtp-addr in both forms', () => {
    expect(parseSendmailArgs(['-F', 'Ann Example']).fullName).toBe('Ann Example');
    expect(parseSendmailArgs(['-bs']).mode).toBe('smtp');
    expect(parseSendmailArgs(['-bs', '-bm']).mode).toBe('message');
    expect(parseSendmailArgs(['-v']).verbose).toBe(true);
    expect(parseSendmailArgs(['--smtp-addr', '127.0.0.1:2525']).smtpAddr).toBe('127.0.0.1:2525');
    expect(parseSendmailArgs(['--smtp-addr=[::1]:25']).smtpAddr).toBe('[::1]:25');
  });

  it('accepts and ignores DSN and other value-taking options', () => {
    const args = parseSendmailArgs(['-N', 'never', '-R', 'hdrs', '-V', 'env1', '-B', '8BITMIME', '-L', 'app', '-h', '5', '-O', 'DeliveryMode=b', 'a@x']);
    expect(args.recipients).toEqual(['a@x']);
  });

  it('refuses unknown options, unsupported modes, queue runs and a missing value', () => {
    expect(() => parseSendmailArgs(['-Z'])).toThrow(SendmailUsageError);
    expect(() => parseSendmailArgs(['-bp'])).toThrow(/only -bm and -bs/);
    expect(() => parseSendmailArgs(['-q'])).toThrow(/queue/);
    expect(() => parseSendmailArgs(['-f'])).toThrow(/needs a value/);
    expect(() => parseSendmailArgs(['--bogus'])).toThrow(SendmailUsageError);
  });
});
