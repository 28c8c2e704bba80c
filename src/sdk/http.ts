/** A non-2xx answer from devmail, with the API's error message. */
export class DevmailApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** The method and path that failed. */
  readonly request: string;

  constructor(status: number, message: string, request: string) {
    super(`${request}: ${status} ${message}`);
    this.name = 'DevmailApiError';
    this.status = status;
    this.request = request;
  }
}

/** Base URL, authorisation and fetch for every request the client makes. */
export class HttpClient {
  private readonly base: URL;
  private readonly authorization: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(url: string | URL, token: string | undefined, fetchImpl: typeof fetch = fetch) {
    const base = new URL(url);
    // fetch refuses URLs with credentials: move them to the header.
    const fromUrl = base.username ? `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}` : undefined;
    base.username = '';
    base.password = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.authorization = toAuthorization(token ?? fromUrl);
    this.fetchImpl = fetchImpl;
  }

  /** The absolute URL of an API path (`/api/v1/…`) under the base URL's webroot. */
  url(path: string, query?: Record<string, string | number | undefined>): URL {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends a request; throws `DevmailApiError` for any non-2xx answer. */
  async request(
    method: string,
    path: string,
    options: { query?: Record<string, string | number | undefined>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.authorization) headers.authorization = this.authorization;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const url = this.url(path, options.query);
    const res = await this.fetchImpl(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (!res.ok) throw new DevmailApiError(res.status, await errorMessage(res), `${method} ${url.pathname}`);
    return res;
  }

  /** A request whose answer is JSON. */
  async json<T>(method: string, path: string, options?: Parameters<HttpClient['request']>[2]): Promise<T> {
    return (await (await this.request(method, path, options)).json()) as T;
  }
}

function toAuthorization(token: string | undefined): string | undefined {
  if (!token) return undefined;
  if (token.includes(':')) return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(token)))}`;
  return `Bearer ${token}`;
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { Error?: unknown };
    if (typeof body.Error === 'string') return body.Error;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 500) || res.statusText;
}
