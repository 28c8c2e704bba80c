import { describe, expect, it } from 'vitest';
import { lintMessage } from './lint-message.js';

const envelope = (mailFrom: string) => ({ mailFrom, rcptTo: ['qa@example.org'] });

/** A message with the given extra headers and one body part, CRLF line ends. */
function message(headers: string[], contentType: string, body: Buffer | string): Buffer {
  const head = [
    'From: Shop <shop@example.com>',
    'To: qa@example.org',
    'Subject: Your order',
    'Date: Thu, 26 Nov 2026 09:00:00 +0000',
    'Message-ID: <order-1@example.com>',
    ...headers,
    `Content-Type: ${contentType}`,
    'Content-Transfer-Encoding: 8bit',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

const codes = async (raw: Buffer, mailFrom = 'shop@example.com') => (await lintMessage(raw, envelope(mailFrom))).findings.map((f) => f.code);

describe('lintMessage', () => {
  it('accepts an envelope sender in a subdomain of the From domain (relaxed alignment)', async () => {
    const raw = message([], 'text/plain; charset=utf-8', 'Hi\r\n');
    expect(await codes(raw, 'bounces@mail.example.com')).toEqual([]);
    expect(await codes(raw, 'bounces@example.net')).toEqual(['envelope-from-mismatch']);
    // The null sender (a bounce) has nothing to align.
    expect(await codes(raw, '')).toEqual([]);
  });

  it('asks for https and one-click when List-Unsubscribe offers only mailto:', async () => {
    const raw = message(['List-Unsubscribe: <mailto:unsub@example.com>'], 'text/plain; charset=utf-8', 'Hi\r\n');
    expect(await codes(raw)).toEqual(['list-unsubscribe-mailto-only']);
  });

  it('asks for List-Unsubscribe-Post when an https unsubscribe link is there', async () => {
    const raw = message(['List-Id: <news.example.com>', 'List-Unsubscribe: <https://example.com/u/1>'], 'text/plain; charset=utf-8', 'Hi\r\n');
    expect(await codes(raw)).toEqual(['list-unsubscribe-post-missing']);
  });

  it('spots UTF-8 bytes labelled as Latin-1, and a <meta> charset that disagrees', async () => {
    expect(await codes(message([], 'text/plain; charset=iso-8859-1', 'Café\r\n'))).toEqual(['charset-mismatch']);
    const html = '<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>Hi</p></body></html>';
    const findings = (await lintMessage(message([], 'text/html; charset=utf-8', html), envelope('shop@example.com'))).findings;
    expect(findings.map((f) => f.code)).toEqual(['text-part-missing', 'charset-meta-mismatch']);
    expect(findings[1].location).toEqual({ part: 'html', line: 1 });
  });

  it('knows a charset clients do not', async () => {
    expect(await codes(message([], 'text/plain; charset=x-klingon', 'Hi\r\n'))).toEqual(['charset-unknown']);
  });

  it('reports messages over provider size limits, naming each provider', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 'a');
    const report = await lintMessage(message([], 'text/plain; charset=utf-8', big), envelope('shop@example.com'));
    const finding = report.findings.find((f) => f.code === 'message-over-provider-limit');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('Outlook.com (20.0 MB), iCloud Mail (20.0 MB)');
    expect(finding?.message).not.toContain('Gmail');
  });

  it('tells tracking pixels by size or by hiding, and leaves visible images alone', async () => {
    const html = [
      '<html lang="en"><body>',
      '<img src="https://t.example.com/o.gif" width="1" height="1" alt="">',
      '<img src="https://t.example.com/p.gif" style="display: none" alt="">',
      '<img src="https://t.example.com/q.gif" style="width:0px;height:0px" alt="">',
      '<img src="https://cdn.example.com/logo.png" width="120" height="40" alt="Logo">',
      '</body></html>',
    ].join('\n');
    const report = await lintMessage(message([], 'text/html; charset=utf-8', html), envelope('shop@example.com'));
    expect(report.findings.filter((f) => f.code === 'html-tracking-pixel').map((f) => f.location.line)).toEqual([2, 3, 4]);
  });

  it('sums up a rule past 20 findings instead of listing them all', async () => {
    const html = `<html lang="en"><body>\n${'<img src="https://cdn.example.com/a.png">\n'.repeat(25)}</body></html>`;
    const report = await lintMessage(message([], 'text/html; charset=utf-8', html), envelope('shop@example.com'));
    const alts = report.findings.filter((f) => f.code === 'html-img-alt-missing');
    expect(alts).toHaveLength(21);
    expect(alts[20].message).toBe('5 more like the above (html-img-alt-missing).');
  });

  it('gives header findings for a truncated multipart message', async () => {
    const raw = Buffer.from('From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nunterminated');
    const report = await lintMessage(raw, envelope('a@example.com'));
    expect(report.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['header-date-missing', 'header-subject-empty']));
    expect(report.counts.error).toBeGreaterThan(0);
  });
});
