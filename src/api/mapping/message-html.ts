import { replaceTags } from '../../core/html-scan.js';
import type { MessagePart } from '../../core/types.js';

/**
 * Points `cid:` references in a message's HTML at the API's part URLs, so inline images show
 * when the HTML is viewed on its own (Mailpit's `linkInlineImages`).
 */
export function linkInlineImages(html: string, parts: readonly MessagePart[], partUrl: (partId: string) => string): string {
  let out = html;
  for (const part of parts) {
    if (!part.contentId) continue;
    const cid = new RegExp(`(=\\s*["']?)cid:${escapeRegExp(part.contentId)}(?=["'\\s/>;)])`, 'gi');
    out = out.replace(cid, (_m, lead: string) => `${lead}${partUrl(part.partId)}`);
  }
  return out;
}

/** Largest inline image written into the embedded view as a data: URL; bigger ones stay links. */
const MAX_DATA_URL_IMAGE_BYTES = 1024 * 1024;
/** Total inline image bytes written as data: URLs into one view (the page stays a sane size). */
const MAX_DATA_URL_TOTAL_BYTES = 4 * 1024 * 1024;
/** Raster types a browser only ever decodes as an image: safe to write into a data: URL. */
const RASTER_IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/**
 * URLs for the UI's view (`?embed=1`): inline raster images become data: URLs, within limits,
 * others stay `partUrl` links. The framed document has an opaque origin, so a request it makes
 * is cross-origin and — behind basic auth — gets no cached credentials: a linked cid: image would
 * not load. Written into the document, it needs no request at all.
 */
export function inlineImageUrls(
  parts: ReadonlyArray<{ part: MessagePart; content: Buffer }>,
  partUrl: (partId: string) => string,
): (partId: string) => string {
  const dataUrls = new Map<string, string>();
  let budget = MAX_DATA_URL_TOTAL_BYTES;
  for (const { part, content } of parts) {
    const media = part.contentType.split(';')[0].trim().toLowerCase();
    if (!part.contentId || !RASTER_IMAGE.test(media)) continue;
    if (content.length > MAX_DATA_URL_IMAGE_BYTES || content.length > budget) continue;
    budget -= content.length;
    dataUrls.set(part.partId, `data:${media};base64,${content.toString('base64')}`);
  }
  return (partId) => dataUrls.get(partId) ?? partUrl(partId);
}

/**
 * For the UI's iframe (`?embed=1`): every link opens in a new tab without referrer or opener,
 * and a fragment becomes a whole document. Script is not added: the document is sandboxed
 * without scripts, so the UI sizes the frame itself.
 */
export function embedHtml(html: string): string {
  // Start tags found in linear time (core/html-scan.ts): the HTML is the sender's.
  const linked = replaceTags(
    html,
    (tag) => {
      const kept = tag.slice(2, -1).replace(/\s(?:target|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
      return `<a${kept} target="_blank" rel="noopener noreferrer">`;
    },
    /<a\b/iy,
  );
  if (/<html[\s>]/i.test(linked)) return linked;
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n${linked}\n</body>\n</html>\n`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
