import { under } from '../lib/webroot';
import type { Headers, ListPage, Message, WebUiConfig } from './types';

/** An API answer that was not 2xx, with the server's `{"Error"}` message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(under(path), { credentials: 'same-origin', ...init });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { Error?: string };
      if (body.Error) message = body.Error;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

/** GETs (or sends) a path under the webroot and reads its JSON. */
export const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await request(path, init)).json() as Promise<T>;

/** Sends a JSON body (or none) with a method. */
export const send = (method: string, path: string, body?: unknown) =>
  request(path, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** The browser's time zone, so `after:`/`before:` mean the user's days. */
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What a page of the list asks for: a search or all, and the keyset cursor. */
export interface PageRequest {
  search: string;
  /** ID of the last row already shown; the page holds older messages. */
  before?: string;
  /** Offset fallback when the cursor's message is gone. */
  start?: number;
  limit: number;
}

/** Reads a page of the list or of a search, newest first. */
export function fetchPage({ search, before, start, limit }: PageRequest): Promise<ListPage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set('before', before);
  else if (start) params.set('start', String(start));
  if (search) {
    params.set('query', search);
    params.set('tz', tz);
    return json(`api/v1/search?${params}`);
  }
  return json(`api/v1/messages?${params}`);
}

/** The API calls the UI makes, one function each. */
export const api = {
  message: (id: string) => json<Message>(`api/v1/message/${encodeURIComponent(id)}`),
  headers: (id: string) => json<Headers>(`api/v1/message/${encodeURIComponent(id)}/headers`),
  raw: async (id: string) => (await request(`api/v1/message/${encodeURIComponent(id)}/raw`)).text(),
  webui: () => json<WebUiConfig>('api/v1/webui'),
  tags: () => json<string[]>('api/v1/tags'),
  setRead: (ids: string[], read: boolean) => send('PUT', 'api/v1/messages', { IDs: ids, Read: read }),
  /** Marks every message read, or those matching `search`. */
  markAllRead: (search: string) =>
    send('PUT', `api/v1/messages?${new URLSearchParams({ tz })}`, search ? { Read: true, Search: search } : { Read: true }),
  deleteIds: (ids: string[]) => send('DELETE', 'api/v1/messages', { IDs: ids }),
  deleteAll: () => send('DELETE', 'api/v1/messages'),
  deleteSearch: (search: string) =>
    send('DELETE', `api/v1/search?${new URLSearchParams({ query: search, tz })}`),
  setTags: (ids: string[], tags: string[]) => send('PUT', 'api/v1/tags', { IDs: ids, Tags: tags }),
};

/** URLs the UI links or frames rather than fetches. */
export const urls = {
  view: (id: string, remote: boolean) => under(`view/${encodeURIComponent(id)}.html?embed=1${remote ? '' : '&remote=0'}`),
  viewAlone: (id: string) => under(`view/${encodeURIComponent(id)}.html`),
  download: (id: string) => under(`api/v1/message/${encodeURIComponent(id)}/raw?dl=1`),
  part: (id: string, partId: string) => under(`api/v1/message/${encodeURIComponent(id)}/part/${encodeURIComponent(partId)}`),
  /** A 180×120 JPEG of an image part, made by the server. */
  thumb: (id: string, partId: string) => under(`api/v1/message/${encodeURIComponent(id)}/part/${encodeURIComponent(partId)}/thumb`),
  events: () => {
    const url = new URL(under('api/events'), location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  },
};
