import { under } from '../lib/webroot';
import { json } from './client';

/**
 * The message checks and the server's tools (sessions, chaos, relay) as the UI reads them.
 * Loaded with the views that use them, not with the first page.
 */

const msg = (id: string, rest: string) => `api/v1/message/${encodeURIComponent(id)}/${rest}`;

/** One client's support of a feature. */
export interface ClientResult {
  Name: string;
  Platform: string;
  Family: string;
  Version: string;
  Support: 'yes' | 'no' | 'partial';
  NoteNumber: string;
}

/** A feature the HTML uses and how clients support it. */
export interface HtmlWarning {
  Slug: string;
  Title: string;
  Description: string;
  URL: string;
  Category: string;
  Results: ClientResult[];
  NotesByNumber: Record<string, string>;
  Score: { Found: number; Supported: number; Partial: number; Unsupported: number };
  Lines?: number[];
}

export interface HtmlCheck {
  Warnings: HtmlWarning[];
  Total: { Tests: number; Nodes: number; Supported: number; Partial: number; Unsupported: number };
  RemoteStylesheets?: Array<{ URL: string; Line: number }>;
}

export interface LinkResult {
  URL: string;
  StatusCode: number;
  Status: string;
  Redirects?: Array<{ StatusCode: number; Location: string }>;
}

export interface LinkCheck {
  Errors: number;
  Links: LinkResult[];
}

export interface LintFinding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  location?: { part?: string; name?: string; line?: number };
}

export interface Lint {
  findings: LintFinding[];
  counts: { error: number; warning: number; info: number };
}

export interface SpamAssassin {
  IsSpam: boolean;
  Score: number;
  Rules: Array<{ Name: string; Score: number; Description: string }>;
  Error: string;
}

export interface Rspamd {
  IsSpam: boolean;
  Score: number;
  RequiredScore: number;
  Action: string;
  Symbols: Array<{ Name: string; Score: number; Description: string; Options?: string[] }>;
  Error: string;
}

/** A verdict and why. */
export interface Verdict {
  Result: string;
  Comment: string;
}

export interface AuthCheck {
  DKIM: Array<Verdict & { Domain: string; Selector: string; Aligned: boolean }>;
  SPF: Verdict & { Domain: string; ClientIP: string };
  DMARC: Verdict & { Domain: string; Policy: string };
  ARC: Verdict;
  AuthenticationResults: string;
  CannotVerify: boolean;
}

export interface CalendarEvent {
  UID: string;
  Summary: string;
  Start: string;
  End: string;
  AllDay: boolean;
  TimeZone: string;
  Location: string;
  Organizer: { Name: string; Address: string } | null;
  Attendees: Array<{ Name: string; Address: string; Role: string; Status: string; RSVP: boolean }>;
  Status: string;
}

export interface Calendar {
  Invitations: Array<{ PartID: string; FileName: string; Method: string; Events: CalendarEvent[] }>;
}

/** The screenshot widths the server renders. */
export const SCREENSHOT_WIDTHS = [375, 768, 1280] as const;

export const checks = {
  html: (id: string) => json<HtmlCheck>(msg(id, 'html-check')),
  links: (id: string, follow: boolean) => json<LinkCheck>(msg(id, `link-check${follow ? '?follow=true' : ''}`)),
  lint: (id: string) => json<Lint>(msg(id, 'lint')),
  spamassassin: (id: string) => json<SpamAssassin>(msg(id, 'sa-check')),
  rspamd: (id: string) => json<Rspamd>(msg(id, 'rspamd-check')),
  auth: (id: string) => json<AuthCheck>(msg(id, 'auth-check')),
  calendar: (id: string) => json<Calendar>(msg(id, 'calendar')),
};

/** Image URLs: a screenshot at a width. */
export const checkUrls = {
  screenshot: (id: string, width: number) => under(msg(id, `screenshot?width=${width}`)),
};
