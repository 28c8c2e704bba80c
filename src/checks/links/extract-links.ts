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
      // Linked stylesheets: their status is checked (as Mailpit does), their content never read.
      if (el.name === 'link' && /(^|\s)stylesheet(\s|$)/i.test(el.attrs.rel ?? '')) add(el.attrs.href);
      if (el.attrs.srcset) for (const candidate of el.attrs.srcset.split(',')) add(candidate.trim().split(/\s+/)[0]);
    }
  }
  for (const match of text.matchAll(TEXT_URL)) add(trimTrailingPunctuation(match[0]));
  return [...found];
}

function trimTrailingPunctuation(url: string): string {
  // A closing bracket stays when it closes one opened inside the URL (Wikipedia-style links).
  let openParens = 0;
  let openBrackets = 0;
  for (const c of url) {
    if (c === '(') openParens++;
    else if (c === ')') openParens--;
    else if (c === '[') openBrackets++;
    else if (c === ']') openBrackets--;
  }
  let end = url.length;
  while (end > 0 && /[.,;:!?)\]}>]/.test(url[end - 1])) {
    const c = url[end - 1];
    if (c === ')' && openParens >= 0) break;
    if (c === ']' && openBrackets >= 0) break;
    if (c === ')') openParens++;
    if (c === ']') openBrackets++;
    end -= 1;
  }
  return url.slice(0, end);
}
