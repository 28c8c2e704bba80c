import type { ScannedElement } from '../html/scan-html.js';
import type { LintFinding, LintInput } from './lint-types.js';

/** Gmail shows "[Message clipped]" and hides the rest past 102 KB of HTML. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** Findings of one per-element rule past this are summed up in one more, so a 2,000-image mail stays readable. */
const MAX_FINDINGS_PER_RULE = 20;

const at = (line: number) => ({ part: 'html' as const, line });

/** HTML over Gmail's clipping size. */
export function gmailClipping({ parsed }: LintInput): LintFinding[] {
  const bytes = Buffer.byteLength(parsed.html, 'utf8');
  if (bytes <= GMAIL_CLIP_BYTES) return [];
  return [{
    severity: 'warning',
    code: 'html-gmail-clipping',
    message: `The HTML is ${(bytes / 1024).toFixed(1)} KB: Gmail clips HTML over 102 KB and hides the rest (often the unsubscribe link and the open-tracking pixel).`,
    location: { part: 'html' },
  }];
}

/** Images need `alt` text: it shows when images are blocked and it is what screen readers say. */
export function imagesWithoutAlt({ html }: LintInput): LintFinding[] {
  return capped(
    html.elements.filter((el) => el.name === 'img' && el.attrs.alt === undefined),
    'html-img-alt-missing',
    (el) => ({ severity: 'warning', code: 'html-img-alt-missing', message: `Image ${shortUrl(el.attrs.src)} has no alt attribute (use alt="" for a decorative one).`, location: at(el.line) }),
  );
}

/** `<html>` without `lang`: screen readers guess the language (WCAG 3.1.1). */
export function htmlLang({ html }: LintInput): LintFinding[] {
  const root = html.elements.find((el) => el.name === 'html');
  if (!root || root.attrs.lang?.trim()) return [];
  return [{ severity: 'warning', code: 'html-lang-missing', message: '<html> has no lang attribute: screen readers have to guess the language.', location: at(root.line) }];
}

/** Plain http: images are blocked or flagged as insecure by clients; plain http: links are flagged too. */
export function insecureUrls({ html }: LintInput): LintFinding[] {
  const images = html.elements.filter((el) => el.name === 'img' && /^http:\/\//i.test(el.attrs.src?.trim() ?? ''));
  const links = html.elements.filter((el) => (el.name === 'a' || el.name === 'area') && /^http:\/\//i.test(el.attrs.href?.trim() ?? ''));
  return [
    ...capped(images, 'html-insecure-image', (el) => ({ severity: 'warning', code: 'html-insecure-image', message: `Image loaded over plain http: ${shortUrl(el.attrs.src)}; clients block or warn about it, use https.`, location: at(el.line) })),
    ...capped(links, 'html-insecure-link', (el) => ({ severity: 'warning', code: 'html-insecure-link', message: `Link over plain http: ${shortUrl(el.attrs.href)}; use https.`, location: at(el.line) })),
  ];
}

/** Invisible remote images that report opens (reported so people know what their mail does). */
export function trackingPixels({ html }: LintInput): LintFinding[] {
  const pixels = html.elements.filter((el) => el.name === 'img' && /^https?:\/\//i.test(el.attrs.src?.trim() ?? '') && isInvisible(el));
  return capped(pixels, 'html-tracking-pixel', (el) => ({ severity: 'info', code: 'html-tracking-pixel', message: `Tracking pixel: an invisible image from ${hostOf(el.attrs.src)} reports when the mail is opened.`, location: at(el.line) }));
}

function isInvisible(el: ScannedElement): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](px)?\s*$/i.test(v);
  const style = (el.attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
  return (
    (tiny(el.attrs.width) && tiny(el.attrs.height)) ||
    (/(^|;)width:[01]px/.test(style) && /(^|;)height:[01]px/.test(style)) ||
    /(^|;)display:none/.test(style) ||
    /(^|;)visibility:hidden/.test(style)
  );
}

/** Links whose path is a known click-tracking endpoint of mail services. */
const TRACKING_PATHS = /\/(ls\/click|wf\/click|track\/click|ss\/c\/|e3t\/ctc\/|cl0\/|l0\/|click\/|c\/[a-z0-9_-]{16,})/i;

/**
 * Links that go through a redirecting tracker before their target: a URL parameter holding
 * another http(s) URL, or a known click-tracking path. One finding per tracking host.
 */
export function clickTracking({ html }: LintInput): LintFinding[] {
  const byHost = new Map<string, { count: number; line: number; example: string }>();
  for (const el of html.elements) {
    if (el.name !== 'a') continue;
    const href = el.attrs.href?.trim() ?? '';
    if (!isTrackingRedirect(href)) continue;
    const host = hostOf(href);
    const entry = byHost.get(host);
    if (entry) entry.count += 1;
    else byHost.set(host, { count: 1, line: el.line, example: href });
  }
  return [...byHost].map(([host, { count, line, example }]) => ({
    severity: 'info' as const,
    code: 'html-click-tracking',
    message: `${count} link${count === 1 ? '' : 's'} go${count === 1 ? 'es' : ''} through a click-tracking redirect at ${host} (e.g. ${shortUrl(example)}).`,
    location: at(line),
  }));
}

function isTrackingRedirect(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  for (const value of url.searchParams.values()) if (/^https?:\/\//i.test(value)) return true;
  return TRACKING_PATHS.test(url.pathname + '/');
}

/** One finding per element, at most MAX_FINDINGS_PER_RULE, then one that counts the rest. */
function capped(elements: ScannedElement[], code: string, finding: (el: ScannedElement) => LintFinding): LintFinding[] {
  const out = elements.slice(0, MAX_FINDINGS_PER_RULE).map(finding);
  const rest = elements.length - out.length;
  if (rest > 0) {
    out.push({ ...out[0], message: `${rest} more like the above (${code}).`, location: at(elements[MAX_FINDINGS_PER_RULE].line) });
  }
  return out;
}

/** A URL shortened for a sentence: long tracking URLs would drown the message. */
export function shortUrl(url: string | undefined): string {
  const value = (url ?? '').trim();
  if (!value) return '(no src)';
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return '(invalid URL)';
  }
}
