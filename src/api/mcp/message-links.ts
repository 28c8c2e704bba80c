/**
 * Links and one-time codes in a captured message, for the MCP tools. The HTML is hostile
 * input: it is only read in linear time here (core/html-scan.ts), never rendered or executed.
 */

import { anchors, replaceTags } from '../../core/html-scan.js';

/** A link: its URL and the text it was written with ('' for a bare URL in the text part). */
export interface MessageLink {
  url: string;
  text: string;
}

/** Input longer than this is cut before scanning, so a huge message cannot stall the server. */
const MAX_SCAN_CHARS = 1_000_000;

/** Longest anchor text read: an anchor whose `</a>` is further away is not taken. */
const MAX_ANCHOR_BODY_CHARS = 2000;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const BARE_URL = /\bhttps?:\/\/[^\s<>"'`)\]}]+/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Every http(s) and mailto link in the HTML (with its text) and the text part, once each, in order. */
export function extractLinks(html: string, text: string): MessageLink[] {
  const out = new Map<string, MessageLink>();
  const withHref = (attributes: string) => HREF.test(attributes);
  for (const { attributes, body } of anchors(html.slice(0, MAX_SCAN_CHARS), MAX_ANCHOR_BODY_CHARS, withHref)) {
    const href = HREF.exec(attributes)!;
    const url = decodeEntities((href[1] ?? href[2] ?? href[3] ?? '').trim());
    if (!/^(https?:|mailto:)/i.test(url)) continue; // javascript:, data:, cid: and anchors are not links to follow
    const label = decodeEntities(replaceTags(body, ' ')).replace(/\s+/g, ' ').trim();
    const seen = out.get(url);
    if (!seen) out.set(url, { url, text: label });
    else if (!seen.text) seen.text = label;
  }
  for (const m of text.slice(0, MAX_SCAN_CHARS).matchAll(BARE_URL)) {
    const url = m[0].replace(/[.,;:!?]+$/, ''); // sentence punctuation after a URL is not part of it
    if (!out.has(url)) out.set(url, { url, text: '' });
  }
  return [...out.values()];
}

/**
 * One-time codes: runs of 4 to 8 digits standing alone (not part of a longer number, a date
 * or a phone number written with separators), or what `pattern` matches (its first group when
 * it has one). Once each, in order of appearance.
 */
export function extractCodes(subject: string, text: string, pattern?: RegExp): string[] {
  const haystack = `${subject}\n${text}`.slice(0, MAX_SCAN_CHARS);
  const re = pattern ? new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`) : /(?<![\d\-/.:+])(\d{4,8})(?!\d)(?![\-/.:]\d)/g;
  const out = new Set<string>();
  for (const m of haystack.matchAll(re)) {
    const code = m[1] ?? m[0];
    if (code) out.add(code);
  }
  return [...out];
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
