import { badRequest } from '../../errors.js';

/** MailHog's search kinds. */
export type MailHogSearchKind = 'from' | 'to' | 'containing';

/**
 * A MailHog search (`kind` + text) in devmail's search language: `from`/`to` look in those
 * headers, `containing` anywhere (addresses, subject, bodies). MailHog matches substrings;
 * devmail matches words and word prefixes, which finds what tests search for (addresses,
 * subjects, words of the body).
 */
export function toDevmailSearch(kind: string | undefined, query: string | undefined): string {
  const text = (query ?? '').replace(/"/g, ' ').trim();
  const value = /\s/.test(text) ? `"${text}"` : text;
  switch (kind ?? 'containing') {
    case 'from':
      return text ? `from:${value}` : '';
    case 'to':
      return text ? `to:${value}` : '';
    case 'containing':
      return value;
    default:
      return badRequest(`kind must be from, to or containing, not "${kind}"`);
  }
}
