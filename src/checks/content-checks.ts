import type { Envelope } from '../core/types.js';
import { parseMessage, parseWithParts } from '../mime/index.js';
import { runHtmlCheck } from './html-compat/html-check.js';
import type { HtmlCheckResponse } from './html-compat/html-check-types.js';
import { extractLinks } from './links/extract-links.js';
import { lintMessage, type LintReport } from './lint/lint-message.js';
import { summariseCalendars, type CalendarInvitation } from './parts/calendar.js';

/** What each CPU-bound check answers, by name. */
export interface ContentCheckResults {
  /** caniemail support of the HTML part's features. */
  'html-check': HtmlCheckResponse;
  /** The lint's findings. */
  lint: LintReport;
  /** Calendar parts, summarised. */
  calendar: { Invitations: CalendarInvitation[] };
  /** The http(s) URLs the link check requests. */
  'link-urls': string[];
}

/** A check's name. */
export type ContentCheckName = keyof ContentCheckResults;

/** What a check answers. */
export type ContentCheckResult<K extends ContentCheckName> = ContentCheckResults[K];

/** The CPU-bound checks of one raw message, by name: what the check thread runs. */
export const CONTENT_CHECKS: { [K in ContentCheckName]: (raw: Buffer, envelope: Envelope) => Promise<ContentCheckResults[K]> } = {
  'html-check': async (raw) => runHtmlCheck((await parseMessage(raw)).html),
  lint: (raw, envelope) => lintMessage(raw, envelope),
  calendar: async (raw) => ({ Invitations: summariseCalendars((await parseWithParts(raw)).parts) }),
  'link-urls': async (raw) => {
    const parsed = await parseMessage(raw);
    return extractLinks(parsed.html, parsed.text);
  },
};
