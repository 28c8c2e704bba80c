import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Envelope } from '../../core/types.js';
import { engineFailed, engineTimedOut, engineUnreachable, isConnectError } from '../engine-errors.js';

/** devmail's Rspamd result (`/api/v1/message/{ID}/rspamd-check`), in the style of Mailpit's sa-check. */
export interface RspamdResult {
  IsSpam: boolean;
  Score: number;
  RequiredScore: number;
  /** Rspamd's action: "no action", "greylist", "add header", "rewrite subject", "soft reject", "reject". */
  Action: string;
  /** Every symbol that fired, highest score first. */
  Symbols: Array<{ Name: string; Score: number; Description: string; Options: string[] }>;
  /** Empty on success; engine failures are HTTP errors instead (see engine-errors). */
  Error: string;
}

/** Most bytes of answer read: a scan result is a few KB even with every symbol's options. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** The actions that mean "treat as spam"; greylist and soft reject only delay. */
const SPAM_ACTIONS = new Set(['reject', 'add header', 'rewrite subject']);

/** Rspamd's `/checkv2` answer, the parts we read. */
interface CheckV2Answer {
  score?: unknown;
  required_score?: unknown;
  action?: unknown;
  symbols?: Record<string, { name?: unknown; score?: unknown; description?: unknown; options?: unknown }>;
}

/**
 * Scans a message with Rspamd's HTTP protocol: `POST /checkv2` with the message as the body
 * and the SMTP envelope as headers (From, Rcpt per recipient, IP, Helo, User), as an MTA
 * would pass it, so envelope rules (SPF, FROM_EQ_ENVFROM…) see what the sender did.
 */
export async function checkWithRspamd(base: URL, raw: Buffer, envelope: Envelope, timeoutMs: number): Promise<RspamdResult> {
  const engine = `Rspamd at ${base.origin}`;
  const url = new URL('checkv2', base.href.endsWith('/') ? base : `${base.href}/`);
  const { status, body } = await postWithDeadline(url, raw, envelopeHeaders(envelope), timeoutMs, engine);
  if (status !== 200) throw engineFailed(engine, `HTTP ${status} ${body.slice(0, 200)}`.trim());
  let answer: CheckV2Answer;
  try {
    answer = JSON.parse(body) as CheckV2Answer;
  } catch {
    throw engineFailed(engine, 'answer is not JSON');
  }
  if (typeof answer.score !== 'number' || typeof answer.action !== 'string') {
    throw engineFailed(engine, 'answer has no score or action');
  }
  return toResult(answer, answer.score, answer.action);
}

/**
 * One POST with a deadline over the whole exchange. node:http rather than fetch: Rspamd wants
 * one `Rcpt` header line per recipient, and fetch folds repeated headers into one.
 */
function postWithDeadline(
  url: URL,
  body: Buffer,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  engine: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } });
    let settled = false;
    const finish = (err: Error | null, value?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => finish(engineTimedOut(engine, timeoutMs)), timeoutMs);
    request.on('error', (err) => finish(isConnectError(err) ? engineUnreachable(engine, err) : engineFailed(engine, err.message, err)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return finish(engineFailed(engine, 'answer larger than 4 MB'));
        chunks.push(chunk);
      });
      response.on('end', () => finish(null, { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (err) => finish(engineFailed(engine, err.message, err)));
    });
    request.end(body);
  });
}

function toResult(answer: CheckV2Answer, score: number, action: string): RspamdResult {
  const symbols = Object.entries(answer.symbols ?? {}).map(([key, s]) => ({
    Name: typeof s.name === 'string' ? s.name : key,
    Score: typeof s.score === 'number' ? s.score : 0,
    Description: typeof s.description === 'string' ? s.description : '',
    Options: Array.isArray(s.options) ? s.options.map(String) : [],
  }));
  symbols.sort((a, b) => b.Score - a.Score || a.Name.localeCompare(b.Name));
  return {
    IsSpam: SPAM_ACTIONS.has(action),
    Score: score,
    RequiredScore: typeof answer.required_score === 'number' ? answer.required_score : 0,
    Action: action,
    Symbols: symbols,
    Error: '',
  };
}

/** The envelope as Rspamd's protocol headers (rspamd.com/doc/developers/protocol.html). */
function envelopeHeaders(envelope: Envelope): OutgoingHttpHeaders {
  // Header values must not carry control characters; an envelope never should, but it came
  // from a client. SMTPUTF8 addresses go as their UTF-8 bytes (node:http writes latin1 as bytes).
  const clean = (value: string) => Buffer.from(value.replace(/[\x00-\x1f\x7f]/g, ''), 'utf8').toString('latin1');
  const headers: OutgoingHttpHeaders = { 'content-type': 'message/rfc822' };
  if (envelope.mailFrom) headers.from = clean(envelope.mailFrom);
  if (envelope.rcptTo.length > 0) headers.rcpt = envelope.rcptTo.map(clean);
  if (envelope.clientAddress) headers.ip = clean(envelope.clientAddress);
  if (envelope.heloName) headers.helo = clean(envelope.heloName);
  if (envelope.authUser) headers.user = clean(envelope.authUser);
  return headers;
}
