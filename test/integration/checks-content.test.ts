import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { MailpitClient } from 'mailpit-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/** The content checks through the real API: html-check, lint, calendar and part checksums. */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

let server: TestServer;
const ids: Record<string, string> = {};

async function sendRaw(raw: Buffer, from: string, to = 'qa@example.org'): Promise<string> {
  const transport = nodemailer.createTransport({ host: server.urls.smtp.host, port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
    const id = /queued as (\S+)/.exec(info.response)?.[1];
    if (!id) throw new Error(`no ID in "${info.response}"`);
    return id;
  } finally {
    transport.close();
  }
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.api(path));
  return { status: res.status, body: (await res.json()) as T };
}

interface HtmlCheck {
  Warnings: Array<{
    Slug: string; Title: string; Category: string; URL: string; Lines: number[]; NotesByNumber: Record<string, string>;
    Score: { Found: number; Supported: number; Partial: number; Unsupported: number };
    Results: Array<{ Name: string; Family: string; Platform: string; Version: string; Support: string; NoteNumber: string }>;
  }>;
  Platforms: Record<string, string[]>;
  Total: { Tests: number; Nodes: number; Supported: number; Partial: number; Unsupported: number };
  RemoteStylesheets: Array<{ URL: string; Line: number }>;
}

interface Lint {
  findings: Array<{ severity: string; code: string; message: string; location: { part: string; name?: string; line?: number } }>;
  counts: { error: number; warning: number; info: number };
}

beforeAll(async () => {
  server = await startTestServer();
  ids.newsletter = await sendRaw(fixture('newsletter.eml'), 'bounce-42@mailer.example.net');
  ids.reset = await sendRaw(fixture('password-reset.eml'), 'accounts@example.com');
  ids.broken = await sendRaw(fixture('broken-html.eml'), 'broken@example.net');
  ids.invitation = await sendRaw(fixture('invitation.eml'), 'bea@example.com');
  ids.welcome = await sendRaw(fixture('welcome-html.eml'), 'ann@example.com');
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/v1/message/{ID}/html-check', () => {
  it('lists every feature of the newsletter in Mailpit’s shape, with source lines, worst first', async () => {
    const { status, body } = await getJson<HtmlCheck>(`/api/v1/message/${ids.newsletter}/html-check`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['Platforms', 'RemoteStylesheets', 'Total', 'Warnings']);
    expect(body.Total.Nodes).toBeGreaterThan(900);
    expect(body.Total.Tests).toBeGreaterThan(300);
    expect(body.Total.Supported + body.Total.Partial + body.Total.Unsupported).toBeCloseTo(100, 1);
    const slugs = body.Warnings.map((w) => w.Slug);
    for (const slug of ['css-display-grid', 'css-display-flex', 'css-at-media-prefers-color-scheme', 'css-linear-gradient', 'css-variables', 'css-pseudo-class-hover', 'css-at-font-face', 'css-at-keyframes', 'html-meta-color-scheme', 'html-doctype', 'image-jpg', 'css-unit-calc', 'css-important', 'css-selector-adjacent-sibling']) {
      expect(slugs).toContain(slug);
    }
    const grid = body.Warnings.find((w) => w.Slug === 'css-display-grid');
    // `.grid { display: grid; … }` is line 18 of the HTML part.
    expect(grid?.Lines).toEqual([18]);
    expect(grid?.Category).toBe('css');
    expect(grid?.URL).toMatch(/^https:\/\/www\.caniemail\.com\/features\//);
    const outlook = grid?.Results.find((r) => r.Family === 'outlook' && r.Platform === 'windows');
    expect(outlook).toMatchObject({ Support: 'no', Name: expect.stringMatching(/^Outlook Windows \(\d+\)$/) });
    const fontSize = body.Warnings.find((w) => w.Slug === 'css-font-size');
    expect(fontSize?.Score.Found).toBeGreaterThan(100);
    // Worst offenders first: impact (unsupported + partial, weighted by use) never increases.
    const impact = (w: HtmlCheck['Warnings'][number]) => (w.Score.Unsupported + w.Score.Partial) * Math.min(1, w.Score.Found / body.Total.Nodes);
    for (let i = 1; i < body.Warnings.length; i++) expect(impact(body.Warnings[i])).toBeLessThanOrEqual(impact(body.Warnings[i - 1]) + 1e-9);
    expect(body.Platforms.windows).toContain('Outlook');
    expect(body.RemoteStylesheets).toEqual([{ URL: 'https://cdn.news.example.com/newsletter.css', Line: 8 }]);
  });

  it('answers the same result again from the cache, and follows `latest`', async () => {
    const first = await getJson<HtmlCheck>(`/api/v1/message/${ids.newsletter}/html-check`);
    const again = await getJson<HtmlCheck>(`/api/v1/message/${ids.newsletter}/html-check`);
    expect(again.body).toEqual(first.body);
    const latest = await getJson<HtmlCheck>('/api/v1/message/latest/html-check');
    expect(latest.status).toBe(200);
    expect(latest.body.Warnings.some((w) => w.Slug === 'html-img')).toBe(true);
  });

  it('gives findings for broken HTML, with <script> reported as unsupported everywhere', async () => {
    const { status, body } = await getJson<HtmlCheck>(`/api/v1/message/${ids.broken}/html-check`);
    expect(status).toBe(200);
    const script = body.Warnings.find((w) => w.Slug === 'html-script');
    expect(script?.Score).toEqual({ Found: 1, Supported: 0, Partial: 0, Unsupported: 100 });
    expect(body.Warnings[0].Slug).toBe('html-script');
    expect(body.Warnings.map((w) => w.Slug)).toEqual(expect.arrayContaining(['css-display-flex', 'css-unit-percent', 'html-table']));
  });

  it('works with the mailpit-api client', async () => {
    const client = new MailpitClient(server.urls.http.replace(/\/$/, ''));
    const result = await client.htmlCheck(ids.reset);
    expect(result.Total.Nodes).toBeGreaterThan(3);
    expect(result.Warnings.map((w) => w.Slug)).toContain('html-lang');
  });

  it('gives a text-only message no warnings and no nodes, and no links to check', async () => {
    const raw = Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: Plain\r\n\r\nJust text.\r\n');
    const id = await sendRaw(raw, 'a@example.com');
    const { status, body } = await getJson<HtmlCheck>(`/api/v1/message/${id}/html-check`);
    expect(status).toBe(200);
    expect(body.Warnings).toEqual([]);
    expect(body.Total).toMatchObject({ Nodes: 0, Supported: 100, Partial: 0, Unsupported: 0 });
    expect((await getJson(`/api/v1/message/${id}/link-check`)).body).toEqual({ Errors: 0, Links: [] });
  });

  it('answers 404 for an unknown message', async () => {
    const { status, body } = await getJson<{ Error: string }>('/api/v1/message/no-such-id/html-check');
    expect(status).toBe(404);
    expect(body).toEqual({ Error: 'message not found' });
  });
});

describe('GET /api/v1/message/{ID}/lint', () => {
  const codes = (lint: Lint) => lint.findings.map((f) => f.code);

  it('reports the newsletter’s clipping, missing alts, http links, tracking and envelope mismatch', async () => {
    const { status, body } = await getJson<Lint>(`/api/v1/message/${ids.newsletter}/lint`);
    expect(status).toBe(200);
    expect(codes(body)).toEqual(
      expect.arrayContaining(['html-gmail-clipping', 'html-img-alt-missing', 'html-insecure-link', 'html-tracking-pixel', 'html-click-tracking', 'html-lang-missing', 'envelope-from-mismatch']),
    );
    // A well-formed bulk mail: List-Unsubscribe and one-click are in order.
    expect(codes(body).filter((c) => c.startsWith('list-unsubscribe'))).toEqual([]);
    const clipping = body.findings.find((f) => f.code === 'html-gmail-clipping');
    expect(clipping).toMatchObject({ severity: 'warning', location: { part: 'html' } });
    const alt = body.findings.find((f) => f.code === 'html-img-alt-missing');
    expect(alt?.location).toEqual({ part: 'html', line: 60 });
    expect(body.counts.error + body.counts.warning + body.counts.info).toBe(body.findings.length);
  });

  it('finds nothing wrong with a clean password reset', async () => {
    const { body } = await getJson<Lint>(`/api/v1/message/${ids.reset}/lint`);
    expect(body.findings).toEqual([]);
  });

  it('reports the broken mail’s missing headers, charset, cid and text part, never a 500', async () => {
    const { status, body } = await getJson<Lint>(`/api/v1/message/${ids.broken}/lint`);
    expect(status).toBe(200);
    expect(codes(body)).toEqual(
      expect.arrayContaining(['header-date-missing', 'header-message-id-missing', 'header-subject-empty', 'charset-missing', 'cid-part-missing', 'text-part-missing', 'html-insecure-image', 'html-tracking-pixel', 'html-click-tracking']),
    );
    expect(body.findings.find((f) => f.code === 'charset-missing')?.severity).toBe('error');
    // Errors come first.
    const order = body.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reports malformed List-Unsubscribe on bulk mail', async () => {
    const raw = Buffer.from(
      [
        'From: news@example.com', 'To: qa@example.org', 'Subject: Bulk', 'Date: Thu, 26 Nov 2026 09:00:00 +0000',
        'Message-ID: <bulk-1@example.com>', 'Precedence: bulk', 'List-Unsubscribe: https://example.com/u',
        'List-Unsubscribe-Post: yes please', 'Content-Type: text/plain; charset=utf-8', '', 'Hello', '',
      ].join('\r\n'),
    );
    const id = await sendRaw(raw, 'news@example.com');
    const { body } = await getJson<Lint>(`/api/v1/message/${id}/lint`);
    const malformed = body.findings.filter((f) => f.code === 'list-unsubscribe-malformed');
    expect(malformed.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('not enclosed in <>'), expect.stringContaining('List-Unsubscribe=One-Click')]),
    );
    const missing = await sendRaw(Buffer.from(raw.toString().replace(/List-Unsubscribe.*\r\n/g, '')), 'news@example.com');
    expect(codes((await getJson<Lint>(`/api/v1/message/${missing}/lint`)).body)).toContain('list-unsubscribe-missing');
  });

  it('reports inline parts that the HTML never references', async () => {
    const raw = fixture('welcome-html.eml').toString().replace('src="cid:logo@example.com"', 'src="https://cdn.example.com/logo.png"');
    const id = await sendRaw(Buffer.from(raw), 'ann@example.com');
    const { body } = await getJson<Lint>(`/api/v1/message/${id}/lint`);
    expect(body.findings.find((f) => f.code === 'inline-part-unreferenced')?.message).toContain('cid:logo@example.com');
    const clean = await getJson<Lint>(`/api/v1/message/${ids.welcome}/lint`);
    expect(codes(clean.body)).not.toContain('inline-part-unreferenced');
    expect(codes(clean.body)).not.toContain('cid-part-missing');
  });

  it('reports bytes that do not match the declared charset', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: Latin\r\nDate: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <cs-1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait\r\n'),
    ]);
    const id = await sendRaw(raw, 'a@example.com');
    const { body } = await getJson<Lint>(`/api/v1/message/${id}/lint`);
    expect(body.findings).toEqual([expect.objectContaining({ severity: 'error', code: 'charset-mismatch', location: { part: 'text', name: 'Content-Type' } })]);
  });
});

describe('calendar invitations and part checksums', () => {
  it('summarises the invitation: method, what, when, organiser, attendees', async () => {
    const { status, body } = await getJson<{ Invitations: Array<Record<string, unknown>> }>(`/api/v1/message/${ids.invitation}/calendar`);
    expect(status).toBe(200);
    expect(body.Invitations).toHaveLength(2);
    expect(body.Invitations[0]).toEqual({
      PartID: '1',
      FileName: '',
      Method: 'REQUEST',
      Events: [
        {
          UID: 'planning-2026q4@example.com',
          Summary: 'Quarterly planning, Q1 budget',
          Start: '2026-12-01T10:00:00',
          End: '2026-12-01T11:30:00',
          AllDay: false,
          TimeZone: 'Europe/Berlin',
          Location: 'Room 4.2; building B',
          Organizer: { Name: 'Bea Organiser', Address: 'bea@example.com' },
          Attendees: [
            { Name: 'Carl Guest', Address: 'carl@example.org', Role: 'REQ-PARTICIPANT', Status: 'NEEDS-ACTION', RSVP: true },
            { Name: '', Address: 'dana@example.org', Role: 'OPT-PARTICIPANT', Status: 'ACCEPTED', RSVP: false },
          ],
          Status: 'CONFIRMED',
          Sequence: 0,
        },
      ],
    });
    expect(body.Invitations[1]).toMatchObject({ PartID: '2', FileName: 'invite.ics', Events: [{ Start: '2026-12-01T09:00:00Z', Summary: 'Quarterly planning' }] });
    const none = await getJson<{ Invitations: unknown[] }>(`/api/v1/message/${ids.reset}/calendar`);
    expect(none.body).toEqual({ Invitations: [] });
  });

  it('gives every attachment and inline part MD5, SHA1 and SHA256 of its decoded bytes', async () => {
    const { body } = await getJson<{ Attachments: Array<{ PartID: string; Checksums: Record<string, string> }>; Inline: Array<{ PartID: string; Checksums: Record<string, string> }> }>(`/api/v1/message/${ids.invitation}`);
    const parts = [...body.Attachments, ...body.Inline];
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) {
      const bytes = Buffer.from(await (await fetch(server.api(`/api/v1/message/${ids.invitation}/part/${part.PartID}`))).arrayBuffer());
      expect(part.Checksums).toEqual({
        MD5: createHash('md5').update(bytes).digest('hex'),
        SHA1: createHash('sha1').update(bytes).digest('hex'),
        SHA256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    // The calendar attachment's checksums are of its bytes as sent (base64 in the fixture), not
    // of the parser's re-encoded text.
    const ics = Buffer.from(fixture('invitation.eml').toString().split('Content-Transfer-Encoding: base64')[1].split('--mixed-invite--')[0].replace(/\s+/g, ''), 'base64');
    expect(body.Attachments.find((p) => p.PartID === '2')?.Checksums.SHA256).toBe(createHash('sha256').update(ics).digest('hex'));
    // The fixture's parts, decoded independently of devmail: the PNG and the PDF of welcome-html.eml.
    const welcome = await getJson<{ Inline: Array<{ FileName: string; Checksums: Record<string, string> }>; Attachments: Array<{ FileName: string; Checksums: Record<string, string> }> }>(`/api/v1/message/${ids.welcome}`);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    expect(welcome.body.Inline.find((p) => p.FileName === 'logo.png')?.Checksums).toEqual({
      MD5: createHash('md5').update(png).digest('hex'),
      SHA1: createHash('sha1').update(png).digest('hex'),
      SHA256: createHash('sha256').update(png).digest('hex'),
    });
    const pdf = Buffer.from('JVBERi0xLjQKJcOkw7zDtsOfCg==', 'base64');
    expect(welcome.body.Attachments.find((p) => p.FileName === 'invoice.pdf')?.Checksums.SHA256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });
});

describe('checks run beside SMTP, not in its way', () => {
  it('keeps the main thread (SMTP, HTTP) free while a slow check of a hostile message runs', async () => {
    // 80,000 nested CSS blocks: a second or more of CPU for the HTML check. The server runs in
    // this process, so a check on the main thread would stall this test's timers for as long.
    const hostile = Buffer.from(`From: a@example.com\r\nTo: b@example.org\r\nSubject: Nested\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<style>\r\n${'a{'.repeat(80_000)}color:red${'}'.repeat(80_000)}\r\n</style><p>x</p>\r\n`);
    const id = await sendRaw(hostile, 'a@example.com');
    let last = performance.now();
    let longestStallMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStallMs = Math.max(longestStallMs, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const checking = getJson<HtmlCheck>(`/api/v1/message/${id}/html-check`);
    // Mail keeps coming in meanwhile.
    expect(await sendRaw(fixture('password-reset.eml'), 'accounts@example.com')).toBeTruthy();
    const { status, body } = await checking;
    const checkMs = performance.now() - started;
    clearInterval(ticker);
    expect(status).toBe(200);
    expect(body.Warnings.map((w) => w.Slug)).toContain('css-nesting');
    // On the main thread the stall would be most of the check's time; on its own thread the
    // loop keeps turning (a relative bound, not a speed: busy machines stretch both).
    expect(longestStallMs).toBeLessThan(checkMs / 2);
  });
});

describe('results follow the message', () => {
  it('drops cached results when the message is deleted', async () => {
    const id = await sendRaw(fixture('password-reset.eml'), 'accounts@example.com');
    expect((await getJson(`/api/v1/message/${id}/lint`)).status).toBe(200);
    const res = await fetch(server.api('/api/v1/messages'), { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ IDs: [id] }) });
    expect(res.status).toBe(200);
    expect((await getJson(`/api/v1/message/${id}/lint`)).status).toBe(404);
    expect((await getJson(`/api/v1/message/${id}/html-check`)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the check routes from their schemas', async () => {
    const doc = (await (await fetch(server.api('/api/v1/openapi.json'))).json()) as { paths: Record<string, { get?: { summary?: string } }> };
    for (const path of ['html-check', 'link-check', 'lint', 'calendar']) {
      expect(doc.paths[`/api/v1/message/{ID}/${path}`]?.get?.summary).toBeTruthy();
    }
  });
});
