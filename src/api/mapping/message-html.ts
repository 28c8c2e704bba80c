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

/**
 * For the UI's iframe (`?embed=1`): every link opens in a new tab without referrer or opener,
 * and a fragment becomes a whole document. Script is not added: the document is sandboxed
 * without scripts, so the UI sizes the frame itself.
 */
export function embedHtml(html: string): string {
  const linked = html.replace(/<a\b([^>]*)>/gi, (_m, attrs: string) => {
    const kept = attrs.replace(/\s(?:target|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    return `<a${kept} target="_blank" rel="noopener noreferrer">`;
  });
  if (/<html[\s>]/i.test(linked)) return linked;
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n${linked}\n</body>\n</html>\n`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
