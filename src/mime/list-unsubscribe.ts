import type { ListUnsubscribe } from '../core/types.js';
import type { HeaderField } from './header-block.js';

/**
 * Reads List-Unsubscribe (RFC 2369: a comma-separated list of `<URI>`) and
 * List-Unsubscribe-Post (RFC 8058 one-click), noting what is malformed.
 */
export function readListUnsubscribe(fields: HeaderField[]): ListUnsubscribe {
  const header = fields.find((f) => f.name.toLowerCase() === 'list-unsubscribe')?.value ?? '';
  const headerPost = fields.find((f) => f.name.toLowerCase() === 'list-unsubscribe-post')?.value ?? '';
  const links: string[] = [];
  const errors: string[] = [];
  if (header) {
    for (const item of header.split(',')) {
      const trimmed = item.trim();
      if (!trimmed) continue;
      const match = /^<([^<>]+)>$/.exec(trimmed);
      if (!match) {
        errors.push(`"${trimmed}" is not enclosed in <>`);
        continue;
      }
      const uri = match[1].trim();
      if (!/^(mailto:|https?:\/\/)/i.test(uri)) errors.push(`"${uri}" is neither mailto: nor http(s):`);
      links.push(uri);
    }
  }
  if (headerPost && headerPost.replace(/\s+/g, '') !== 'List-Unsubscribe=One-Click') {
    errors.push('List-Unsubscribe-Post must be "List-Unsubscribe=One-Click" (RFC 8058)');
  }
  if (headerPost && !links.some((l) => /^https:\/\//i.test(l))) {
    errors.push('one-click unsubscribe needs an https: URI in List-Unsubscribe (RFC 8058)');
  }
  return { header, links, errors: errors.join('; '), headerPost };
}
