import { scanHtml } from '../html/scan-html.js';

/** Attributes that hold a URL the reader follows or the client loads, by element. */
const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  img: ['src'],
  image: ['href'],
  input: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src'],
  td: ['background'],
  table: ['background'],
  body: ['background'],
};

/** http(s) URLs in plain text; trailing punctuation belongs to the sentence, not the URL. */
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * Every http(s) link and image a message has, in its HTML and text bodies, once each, in the
 * order they first appear.
 */
export function extractLinks(html: string, text: string): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    const url = value?.trim();
    if (url && /^https?:\/\//i.test(url)) found.add(url);
  };
  if (html) {
    for (const el of scanHtml(html).elements) {
      for (const attr of URL_ATTRIBUTES[el.name] ?? []) add(el.attrs[attr]);
      if (el.attrs.srcset) for (const candidate of el.attrs.srcset.split(',')) add(candidate.trim().split(/\s+/)[0]);
    }
  }
  for (const match of text.matchAll(TEXT_URL)) add(trimTrailingPunctuation(match[0]));
  return [...found];
}

function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?)\]}>]/.test(url[end - 1])) {
    // Keep a closing bracket that closes one inside the URL (Wikipedia-style links).
    const close = url[end - 1];
    const open = close === ')' ? '(' : close === ']' ? '[' : '';
    if (open && url.slice(0, end).split(open).length > url.slice(0, end).split(close).length - 1) break;
    end -= 1;
  }
  return url.slice(0, end);
}
