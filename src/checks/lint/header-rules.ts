import { readHeaderFields, type HeaderField } from '../../mime/index.js';
import type { LintFinding, LintInput } from './lint-types.js';

const header = (name: string) => ({ part: 'header' as const, name });

/** Date, Message-ID and From are required by RFC 5322 3.6; Subject should not be empty. */
export function requiredHeaders({ raw, parsed }: LintInput): LintFinding[] {
  const fields = readHeaderFields(raw);
  const has = (name: string) => fields.some((f) => f.name.toLowerCase() === name);
  const findings: LintFinding[] = [];
  if (!has('date')) {
    findings.push({ severity: 'error', code: 'header-date-missing', message: 'No Date header (RFC 5322 3.6.1 requires one); receivers may reject or misdate the message.', location: header('Date') });
  } else if (!parsed.date) {
    findings.push({ severity: 'error', code: 'header-date-invalid', message: 'The Date header is not an RFC 5322 date.', location: header('Date') });
  }
  if (messageIdAddedAtCapture(fields)) {
    findings.push({ severity: 'warning', code: 'header-message-id-missing', message: 'The message had no Message-ID (RFC 5322 3.6.4); devmail added one when capturing it, a real server may not.', location: header('Message-ID') });
  }
  if (!has('from')) {
    findings.push({ severity: 'error', code: 'header-from-missing', message: 'No From header (RFC 5322 3.6.2 requires one).', location: header('From') });
  } else if (!parsed.from?.address) {
    findings.push({ severity: 'error', code: 'header-from-invalid', message: 'The From header holds no valid address.', location: header('From') });
  }
  if (!parsed.subject.trim()) {
    findings.push({ severity: 'warning', code: 'header-subject-empty', message: 'The subject is empty: it shows as "(no subject)" and looks like spam.', location: header('Subject') });
  }
  return findings;
}

/**
 * devmail adds a Message-ID at capture when there is none (`mime/normalise.ts`): one of its
 * own header lines (Received, Return-Path, Message-ID, Bcc) placed before the sender's, with
 * 24 hex characters before the `@`.
 */
function messageIdAddedAtCapture(fields: HeaderField[]): boolean {
  if (fields[0]?.name.toLowerCase() !== 'received') return false;
  for (const field of fields.slice(1, 4)) {
    const name = field.name.toLowerCase();
    if (name === 'message-id') return /^<[0-9a-f]{24}@[^>]+>$/.test(field.value);
    if (name !== 'return-path') return false;
  }
  return false;
}

/** A From domain the envelope sender does not share fails SPF alignment under DMARC (RFC 7489 3.1.2). */
export function fromMatchesEnvelope({ envelope, parsed }: LintInput): LintFinding[] {
  const from = parsed.from?.address.toLowerCase();
  const mailFrom = envelope.mailFrom.toLowerCase();
  // The null sender (bounces) and a missing From are reported elsewhere.
  if (!from || !mailFrom || from === mailFrom) return [];
  const fromDomain = domainOf(from);
  const senderDomain = domainOf(mailFrom);
  const aligned = fromDomain === senderDomain || fromDomain.endsWith(`.${senderDomain}`) || senderDomain.endsWith(`.${fromDomain}`);
  if (aligned) return [];
  return [{
    severity: 'warning',
    code: 'envelope-from-mismatch',
    message: `The envelope sender <${envelope.mailFrom}> is not in the From domain (${fromDomain}): SPF will not align for DMARC unless DKIM signs for ${fromDomain}.`,
    location: { part: 'envelope', name: 'MAIL FROM' },
  }];
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * Bulk mail must carry List-Unsubscribe (RFC 2369) and, for one-click, List-Unsubscribe-Post
 * with an https URI (RFC 8058): Gmail and Yahoo require both from bulk senders since 2024.
 * Bulk means the message says it is: List-Id, Precedence bulk/list, Feedback-ID, or a
 * List-Unsubscribe header of its own.
 */
export function listUnsubscribe({ raw, parsed }: LintInput): LintFinding[] {
  const fields = readHeaderFields(raw);
  const value = (name: string) => fields.find((f) => f.name.toLowerCase() === name)?.value;
  const unsubscribe = parsed.listUnsubscribe;
  const bulk =
    value('list-id') !== undefined ||
    /^(bulk|list)$/i.test(value('precedence')?.trim() ?? '') ||
    value('feedback-id') !== undefined ||
    unsubscribe.header !== '';
  if (!bulk) return [];
  const findings: LintFinding[] = [];
  if (!unsubscribe.header) {
    findings.push({ severity: 'error', code: 'list-unsubscribe-missing', message: 'Bulk mail without a List-Unsubscribe header (RFC 2369): Gmail and Yahoo require one from bulk senders.', location: header('List-Unsubscribe') });
    return findings;
  }
  for (const error of unsubscribe.errors.split('; ').filter(Boolean)) {
    findings.push({ severity: 'error', code: 'list-unsubscribe-malformed', message: `List-Unsubscribe: ${error}.`, location: header(error.startsWith('List-Unsubscribe-Post') || error.startsWith('one-click') ? 'List-Unsubscribe-Post' : 'List-Unsubscribe') });
  }
  if (!unsubscribe.headerPost && unsubscribe.links.some((l) => /^https:\/\//i.test(l))) {
    findings.push({ severity: 'warning', code: 'list-unsubscribe-post-missing', message: 'No List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058), so one-click unsubscribe is not offered; Gmail and Yahoo require it from bulk senders.', location: header('List-Unsubscribe-Post') });
  }
  if (!unsubscribe.links.some((l) => /^https?:\/\//i.test(l)) && unsubscribe.links.length > 0) {
    findings.push({ severity: 'warning', code: 'list-unsubscribe-mailto-only', message: 'List-Unsubscribe offers only mailto:; one-click unsubscribe (RFC 8058) needs an https URI.', location: header('List-Unsubscribe') });
  }
  return findings;
}
