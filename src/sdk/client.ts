import { DevmailApiError, HttpClient } from './http.js';
import { DevmailMessage } from './message.js';
import type { ApiList, ApiMessage, DevmailClientOptions, MessagePage, PageOptions, WaitForCriteria } from './types.js';

/** What `waitFor` waits for when no `timeoutMs` is given. */
const DEFAULT_WAIT_MS = 30_000;
/** Longest single long-poll; a longer wait asks again (proxies cut requests idle for minutes). */
const POLL_CHUNK_MS = 60_000;
/** Extra time the client gives the server to answer a long-poll before giving up on it. */
const POLL_GRACE_MS = 10_000;

/**
 * devmail's client for test suites: wait for a message, search, read, delete. Every call is
 * one HTTP request to devmail's API (Mailpit's v1 plus `/api/v1/wait`).
 *
 * @example
 * const mail = new DevmailClient({ url: 'http://localhost:8025' });
 * const message = await mail.waitFor({ to: 'new-user@example.test', subject: 'Confirm' });
 * const confirm = message.link(/confirm/);
 */
export class DevmailClient {
  private readonly http: HttpClient;
  private readonly codePattern: RegExp | undefined;

  constructor(options: DevmailClientOptions) {
    this.http = new HttpClient(options.url, options.token, options.fetch);
    this.codePattern = options.codePattern;
  }

  /**
   * Waits (server-side, no client polling) for the newest message matching every given
   * criterion and returns it, without marking it read. A matching message already stored
   * counts unless `after` says otherwise. Throws `DevmailApiError` with status 408 when none
   * arrives within `timeoutMs`.
   */
  async waitFor(criteria: WaitForCriteria = {}): Promise<DevmailMessage> {
    const query = toSearch(criteria);
    const after = criteria.after instanceof Date ? criteria.after.toISOString() : criteria.after;
    const deadline = Date.now() + (criteria.timeoutMs ?? DEFAULT_WAIT_MS);
    for (;;) {
      const chunkMs = Math.max(0, Math.min(deadline - Date.now(), POLL_CHUNK_MS));
      try {
        const data = await this.http.json<ApiMessage>('GET', '/api/v1/wait', {
          query: { query, after, timeout: (chunkMs / 1000).toFixed(3) },
          signal: AbortSignal.timeout(chunkMs + POLL_GRACE_MS),
        });
        return this.wrap(data);
      } catch (err) {
        if (!(err instanceof DevmailApiError && err.status === 408) || Date.now() >= deadline) throw err;
      }
    }
  }

  /**
   * The ID of the newest stored message, or undefined when there is none: pass it as
   * `waitFor({ after })` to wait only for what arrives after this point. (Deleting that
   * message before the wait makes the wait fail with 400.)
   */
  async checkpoint(): Promise<string | undefined> {
    const page = await this.http.json<ApiList>('GET', '/api/v1/messages', { query: { limit: 1 } });
    return page.messages[0]?.ID;
  }

  /** A page of messages, newest first. */
  async list(options: PageOptions = {}): Promise<MessagePage> {
    return toPage(await this.http.json<ApiList>('GET', '/api/v1/messages', { query: { ...options } }));
  }

  /** A page of the messages matching a search (the search language), newest first. */
  async search(query: string, options: PageOptions & { tz?: string } = {}): Promise<MessagePage> {
    return toPage(await this.http.json<ApiList>('GET', '/api/v1/search', { query: { query, ...options } }));
  }

  /** One message by ID (marks it read, as reading it in the UI does). */
  async get(id: string): Promise<DevmailMessage> {
    return this.wrap(await this.http.json<ApiMessage>('GET', `/api/v1/message/${encodeURIComponent(id)}`));
  }

  /** The newest message (matching `query` when given); throws 404 when there is none. */
  async latest(query?: string): Promise<DevmailMessage> {
    return this.wrap(await this.http.json<ApiMessage>('GET', '/api/v1/message/latest', { query: { query } }));
  }

  /** The raw RFC 5322 source of a message, as stored. */
  async raw(id: string): Promise<string> {
    return (await this.http.request('GET', `/api/v1/message/${encodeURIComponent(id)}/raw`)).text();
  }

  /** Every header of a message by name, values in order. */
  async headers(id: string): Promise<Record<string, string[]>> {
    return this.http.json('GET', `/api/v1/message/${encodeURIComponent(id)}/headers`);
  }

  /** Deletes messages by ID (an empty list deletes nothing). */
  async delete(ids: string | string[]): Promise<void> {
    const IDs = typeof ids === 'string' ? [ids] : ids;
    if (IDs.length === 0) return;
    await this.http.request('DELETE', '/api/v1/messages', { body: { IDs } });
  }

  /** Deletes every message matching a search. */
  async deleteMatching(query: string): Promise<void> {
    await this.http.request('DELETE', '/api/v1/search', { query: { query } });
  }

  /** Deletes every message. */
  async clear(): Promise<void> {
    await this.http.request('DELETE', '/api/v1/messages');
  }

  /** Marks messages read (or unread with `read: false`); `'all'` marks every message. */
  async markRead(ids: string | string[] | 'all', read = true): Promise<void> {
    if (ids === 'all') {
      await this.http.request('PUT', '/api/v1/messages', { body: { Read: read } });
      return;
    }
    const IDs = typeof ids === 'string' ? [ids] : ids;
    if (IDs.length === 0) return;
    await this.http.request('PUT', '/api/v1/messages', { body: { IDs, Read: read } });
  }

  /**
   * Releases (relays) a message to real recipients through the SMTP relay devmail is
   * configured with (Mailpit's release route); fails when no relay is configured.
   */
  async release(id: string, to: string[]): Promise<void> {
    await this.http.request('POST', `/api/v1/message/${encodeURIComponent(id)}/release`, { body: { To: to } });
  }

  private wrap(data: ApiMessage): DevmailMessage {
    return new DevmailMessage(data, this.http, this.codePattern);
  }
}

/** The search a set of criteria stands for. Quotes in values are dropped (they delimit phrases). */
export function toSearch({ to, from, subject, query }: WaitForCriteria): string {
  const phrase = (field: string, value: string | undefined) => {
    const text = value?.replace(/"/g, ' ').trim();
    return text ? `${field}:"${text}"` : '';
  };
  return [phrase('to', to), phrase('from', from), phrase('subject', subject), query?.trim() ?? '']
    .filter(Boolean)
    .join(' ');
}

function toPage(list: ApiList): MessagePage {
  return {
    total: list.total,
    unread: list.unread,
    matching: list.messages_count,
    start: list.start,
    messages: list.messages,
  };
}
