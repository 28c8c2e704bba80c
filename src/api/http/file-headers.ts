/**
 * Content-Disposition for captured files. A part's file name is attacker-chosen: it may hold
 * quotes, CR/LF, path separators or non-ASCII. The ASCII `filename` keeps only safe characters;
 * `filename*` (RFC 6266, RFC 8187) carries the real name percent-encoded.
 */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string, fallback: string): string {
  const name = baseName(fileName) || fallback;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_').slice(0, MAX_FILENAME_CHARS) || fallback;
  const parts = [`${kind}; filename="${ascii}"`];
  if (ascii !== name) parts.push(`filename*=UTF-8''${encodeRfc8187(name.slice(0, MAX_FILENAME_CHARS))}`);
  return parts.join('; ');
}

/** Longest file name offered to the browser; longer ones are cut (file systems stop at 255). */
const MAX_FILENAME_CHARS = 200;

/** Strips any directory part and control characters from a file name. */
function baseName(fileName: string): string {
  const clean = fileName.replace(/[\x00-\x1f\x7f]/g, '').trim();
  const last = clean.split(/[/\\]/).pop() ?? '';
  return last === '.' || last === '..' ? '' : last;
}

function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Media types a browser would run as a document with script (HTML, SVG, XML with XSLT…).
 * These are always served as downloads, never inline.
 */
export function isActiveContentType(contentType: string): boolean {
  const media = mediaTypeOf(contentType);
  return (
    ACTIVE_TYPES.has(media) ||
    media.endsWith('+xml') ||
    media.includes('javascript') ||
    media.includes('ecmascript')
  );
}

const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/xsl',
  'application/xslt+xml',
  'multipart/x-mixed-replace',
  'application/x-shockwave-flash',
  'application/pdf',
]);

/** Types that are safe to show in the browser (a click on them in the UI previews them). */
export function isInlineSafeContentType(contentType: string): boolean {
  const media = mediaTypeOf(contentType);
  if (isActiveContentType(media)) return false;
  return INLINE_SAFE.has(media) || /^(audio|video)\//.test(media);
}

const INLINE_SAFE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'text/plain',
]);

/** `type/subtype` in lower case, without parameters. */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * A Content-Type header value built from a part's declared type: the media type when it is a
 * well-formed token pair (else application/octet-stream), plus a well-formed charset. Whatever
 * else the sender wrote (CR/LF, odd parameters) never reaches the response header.
 */
export function safeContentType(contentType: string): string {
  const media = mediaTypeOf(contentType);
  if (!TOKEN.test(media)) return 'application/octet-stream';
  const charset = /;\s*charset="?([A-Za-z0-9._:-]+)"?/i.exec(contentType)?.[1];
  return charset && media.startsWith('text/') ? `${media}; charset=${charset}` : media;
}
