/** Mailpit's link-check response (`linkcheck.Response`), with devmail's `Redirects` on each link. */
export interface LinkCheckResponse {
  /** Links that failed: no answer (StatusCode 0) or a 4xx/5xx. */
  Errors: number;
  Links: LinkResult[];
}

/** One link's result. */
export interface LinkResult {
  URL: string;
  /** The final HTTP status; 0 when there was no answer (refused, DNS, timeout, TLS …). */
  StatusCode: number;
  /** The status text ("OK", "Not Found"), or why there was no answer. */
  Status: string;
  /** devmail: each redirect answered on the way, in order (one at most without `follow`). */
  Redirects: Array<{ StatusCode: number; Location: string }>;
}
