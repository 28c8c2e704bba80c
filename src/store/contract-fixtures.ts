import { setTimeout as sleep } from 'node:timers/promises';
import type { Address } from '../core/types.js';
import type { IndexerModule, IndexFields, LoadedIndexer, MessageIndexer, NewMessage, QuickIndexer } from './store.js';

/** What a test message says; everything has a plain default. */
export interface TestMail {
  inbox?: string;
  from?: Address | null;
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  replyTo?: Address[];
  subject?: string;
  messageId?: string;
  body?: string;
  /** Attachment file names (each becomes a `Content-Disposition: attachment` part). */
  attachments?: string[];
  /** Inline parts (`Content-Disposition: inline`). */
  inline?: number;
  tags?: string[];
  username?: string;
  /** Extra bytes of body, to reach a size. */
  padBytes?: number;
}

const header = (name: string, list: Address[]) =>
  list.length === 0 ? '' : `${name}: ${list.map(formatAddress).join(', ')}\r\n`;

function formatAddress(a: Address): string {
  return a.name ? `"${a.name}" <${a.address}>` : a.address;
}

/** A NewMessage whose raw bytes and header fields agree, as `ingest` would hand it over. */
export function buildMessage(mail: TestMail = {}): NewMessage {
  const from = mail.from === undefined ? { name: 'Sender', address: 'sender@example.com' } : mail.from;
  const to = mail.to ?? [{ name: '', address: 'rcpt@example.com' }];
  const cc = mail.cc ?? [];
  const bcc = mail.bcc ?? [];
  const replyTo = mail.replyTo ?? [];
  const subject = mail.subject ?? 'Test message';
  const messageId = mail.messageId ?? `${Math.random().toString(36).slice(2)}@example.com`;
  const body = mail.body ?? 'Hello there.';
  const boundary = 'devmail-test-boundary';
  const parts = [
    ...(mail.attachments ?? []).map(
      (name) =>
        `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="${name}"\r\n\r\nAAAA\r\n`,
    ),
    ...Array.from(
      { length: mail.inline ?? 0 },
      (_, i) => `--${boundary}\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\nContent-ID: <img${i}>\r\n\r\nAAAA\r\n`,
    ),
  ];
  const multipart = parts.length > 0;
  const text = `${body}\r\n${'x'.repeat(mail.padBytes ?? 0)}`;
  const raw =
    (from ? `From: ${formatAddress(from)}\r\n` : '') +
    header('To', to) +
    header('Cc', cc) +
    header('Reply-To', replyTo) +
    `Subject: ${subject}\r\nMessage-ID: <${messageId}>\r\nDate: Mon, 01 Apr 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
    (multipart ? `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n` : '') +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}` +
    (multipart ? `${parts.join('')}--${boundary}--\r\n` : '');
  return {
    inbox: mail.inbox ?? 'default',
    raw: Buffer.from(raw, 'utf8'),
    headers: { messageId, from, to, cc, bcc, replyTo, subject, date: new Date('2024-04-01T10:00:00Z') },
    envelope: { mailFrom: from?.address ?? '', rcptTo: [...to, ...cc, ...bcc].map((a) => a.address), heloName: 'client.test' },
    source: 'smtp',
    tags: mail.tags ?? [],
    username: mail.username ?? '',
  };
}

/**
 * A small real indexer for tests (the MIME one lives in `mime`): the text is the first part's
 * body, attachments and inline parts are counted by their Content-Disposition.
 */
export function indexTestMessage(raw: Buffer): IndexFields {
  const source = raw.toString('utf8');
  const split = source.indexOf('\r\n\r\n');
  if (split < 0) return { snippet: '', attachments: 0, inline: 0, searchText: source, parseError: 'no blank line after the header' };
  const headers = source.slice(0, split);
  const pick = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1] ?? '';
  const bodyStart = source.indexOf('\r\n\r\n', source.indexOf('Content-Type: text/plain'));
  const body = source.slice(bodyStart + 4).split(/\r\n--/)[0];
  const fileNames = [...source.matchAll(/filename="([^"]*)"/g)].map((m) => m[1]);
  const text = body.replace(/\s+/g, ' ').trim();
  return {
    snippet: text.slice(0, 250),
    attachments: (source.match(/^Content-Disposition: attachment/gim) ?? []).length,
    inline: (source.match(/^Content-Disposition: inline/gim) ?? []).length,
    searchText: [pick('From'), pick('To'), pick('Cc'), pick('Reply-To'), pick('Subject'), text, ...fileNames].join(' '),
    parseError: null,
  };
}

/** The test indexer behind a delay, as a worker pool would answer: later and out of order. */
export function slowIndexer(maxDelayMs: number): MessageIndexer {
  return async (raw) => {
    await sleep(Math.random() * maxDelayMs);
    return indexTestMessage(raw);
  };
}

/**
 * The test indexer as a quick index: at once for a message of one part, null (the deferred
 * index) for one with attachments or inline parts — so a store sees both kinds.
 */
export const quickTestIndex: QuickIndexer = (raw) => (raw.includes('multipart/') ? null : indexTestMessage(raw));

/** The slow test indexer as a factory a store thread can load (see `slowIndexerModule`). */
export function createSlowIndexer(options: { maxDelayMs: number; quick: boolean }): LoadedIndexer {
  return { index: slowIndexer(options.maxDelayMs), quick: options.quick ? quickTestIndex : undefined, close: async () => {} };
}

/**
 * The slow test indexer by module, as every store implementation is given it in the contract;
 * with `quick`, one-part messages are indexed in their commit instead.
 */
export function slowIndexerModule(maxDelayMs: number, quick = false): IndexerModule {
  return { module: new URL('./contract-fixtures.js', import.meta.url), export: 'createSlowIndexer', options: { maxDelayMs, quick } };
}
