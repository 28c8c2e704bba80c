import type { LintFinding, LintInput } from './lint-types.js';
import { shortUrl } from './html-rules.js';

/** Largest message common providers accept, in bytes (attachments base64-encoded, so ~4/3 of their size). */
export const PROVIDER_LIMITS: Array<{ provider: string; bytes: number }> = [
  { provider: 'Outlook.com', bytes: 20 * 1024 * 1024 },
  { provider: 'iCloud Mail', bytes: 20 * 1024 * 1024 },
  { provider: 'Gmail', bytes: 25 * 1024 * 1024 },
  { provider: 'Yahoo Mail', bytes: 25 * 1024 * 1024 },
];

/** An HTML mail needs a text alternative: text-only clients, previews and spam filters read it. */
export function textPart({ parsed }: LintInput): LintFinding[] {
  if (!parsed.html || parsed.text.trim()) return [];
  return [{ severity: 'warning', code: 'text-part-missing', message: 'HTML without a text/plain alternative: text-only clients show nothing and spam filters score it higher.', location: { part: 'message' } }];
}

/** `cid:` references need a part with that Content-ID; inline parts should be referenced. */
export function contentIds({ html, parts }: LintInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const ids = new Set(parts.filter((p) => p.part.contentId).map((p) => p.part.contentId.toLowerCase()));
  const referenced = new Set<string>();
  for (const el of html.elements) {
    for (const value of Object.values(el.attrs)) {
      const match = /^\s*cid:(.+)$/i.exec(value);
      if (!match) continue;
      const id = decodeCid(match[1]);
      referenced.add(id);
      if (!ids.has(id)) {
        findings.push({ severity: 'error', code: 'cid-part-missing', message: `${shortUrl(value)} names no part of the message: the image shows as broken.`, location: { part: 'html', line: el.line } });
      }
    }
  }
  for (const { part, inline } of parts) {
    if (!inline || !part.contentId || referenced.has(part.contentId.toLowerCase())) continue;
    findings.push({ severity: 'warning', code: 'inline-part-unreferenced', message: `Inline part ${part.fileName || part.contentId} (cid:${part.contentId}) is never referenced: clients show it as an attachment or not at all.`, location: { part: 'attachment', name: part.partId } });
  }
  return findings;
}

function decodeCid(value: string): string {
  const trimmed = value.trim().replace(/^<|>$/g, '');
  try {
    return decodeURIComponent(trimmed).toLowerCase();
  } catch {
    return trimmed.toLowerCase();
  }
}

/** A message over a provider's size limit bounces there. */
export function providerSizeLimits({ raw, parts }: LintInput): LintFinding[] {
  const over = PROVIDER_LIMITS.filter((l) => raw.length > l.bytes);
  if (over.length === 0) return [];
  const attached = parts.reduce((sum, p) => sum + p.part.size, 0);
  const limits = over.map((l) => `${l.provider} (${mb(l.bytes)})`).join(', ');
  return [{
    severity: 'error',
    code: 'message-over-provider-limit',
    message: `The message is ${mb(raw.length)} (${mb(attached)} of files, base64-encoded in it): over what ${limits} accept${over.length === 1 ? 's' : ''}; it would bounce.`,
    location: { part: 'message' },
  }];
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
