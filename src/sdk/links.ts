import { anchors } from '../core/html-scan.js';
import { decodeEntities, htmlToText } from './html-text.js';

/** A link found in a message. */
export interface MessageLink {
  /** The absolute URL (http or https). */
  url: string;
  /** The anchor's visible text; '' for a bare URL in the text part. */
  text: string;
}

const hrefAttribute = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
// A URL in plain text ends at whitespace, a quote or a bracket; trailing punctuation is prose.
const bareUrl = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const trailingPunctuation = /[.,;:!?)\]}]+$/;

/**
 * Every http(s) link of a message, in order of first appearance: anchors of the HTML part
 * (with their text), then URLs written in the text part (and in the HTML's text). Each URL
 * appears once; an anchor's text wins over a bare occurrence.
 */
export function extractLinks(html: string, text: string): MessageLink[] {
  const found = new Map<string, MessageLink>();
  const add = (url: string, label: string) => {
    const existing = found.get(url);
    if (!existing) found.set(url, { url, text: label });
    else if (!existing.text && label) existing.text = label;
  };
  for (const { attributes, body } of anchors(html)) {
    const href = hrefAttribute.exec(attributes);
    const url = href && toHttpUrl(decodeEntities(href[1] ?? href[2] ?? href[3] ?? ''));
    if (url) add(url, htmlToText(body).replace(/\s+/g, ' '));
  }
  for (const source of [text, html ? htmlToText(html) : '']) {
    for (const match of source.matchAll(bareUrl)) {
      const url = toHttpUrl(match[0].replace(trailingPunctuation, ''));
      if (url) add(url, '');
    }
  }
  return [...found.values()];
}

/** The URL normalised (as the WHATWG parser writes it) when it is absolute http(s), else null. */
function toHttpUrl(candidate: string): string | null {
  try {
    const url = new URL(candidate.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
