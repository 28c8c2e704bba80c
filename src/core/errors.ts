/**
 * Stable error codes. Each edge translates them once: HTTP status + `{"Error": …}`, SMTP reply,
 * POP3/IMAP `-ERR`/`NO`. The message is for humans and never carries secrets.
 */
export type DevmailErrorCode =
  | 'bad_request' // the caller sent something malformed
  | 'not_found' // no such message, part, tag…
  | 'conflict' // the request clashes with current state
  | 'unauthorized' // credentials missing or wrong
  | 'forbidden' // credentials fine, access not allowed
  | 'too_large' // over a configured size limit
  | 'storage_failed' // our own failure to store: senders should retry (SMTP 451)
  | 'unavailable' // shutting down or a dependency is down
  | 'config_invalid' // a bad option value at start-up
  | 'engine_failed' // a check engine (spamd, Rspamd, Chromium) answered with an error or garbage
  | 'engine_timeout' // a check engine did not answer within its timeout
  | 'not_implemented' // a feature needs something this machine does not have (e.g. a browser)
  | 'internal'; // anything else: logged with its stack, answered generically

const httpStatusByCode: Record<DevmailErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
  storage_failed: 503,
  unavailable: 503,
  config_invalid: 500,
  engine_failed: 502,
  engine_timeout: 504,
  not_implemented: 501,
  internal: 500,
};

/** The one error type devmail throws across module boundaries. */
export class DevmailError extends Error {
  readonly code: DevmailErrorCode;

  constructor(code: DevmailErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevmailError';
    this.code = code;
  }

  /** The HTTP status this error maps to. */
  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  /** A JSON form safe to show a caller: no stack, no cause. */
  toJSON(): { code: DevmailErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** True when `err` is a DevmailError, optionally of the given code. */
export function isDevmailError(err: unknown, code?: DevmailErrorCode): err is DevmailError {
  return err instanceof DevmailError && (code === undefined || err.code === code);
}
