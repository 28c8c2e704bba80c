/** What the main thread of `devmail serve` and its server thread say to each other. */

/** Given to the server thread when it starts. */
export interface ServeThreadData {
  /** `devmail serve`'s options, as typed. */
  argv: string[];
  /** Whether the process's stdout is a terminal (human-readable logs). */
  pretty: boolean;
}

/** Main thread → server thread: a signal came; shut down. */
export interface ToServeThread {
  type: 'stop';
  signal: NodeJS.Signals;
}

/**
 * Server thread → main thread, before it ends: a setting cannot be used, such as a bad flag or
 * a database that will not open (`refused`: exit 2), or devmail could not start for another
 * reason (`failed`: exit 1), with what to print. Errors cross threads as plain Errors, so the
 * server thread decides which it was.
 */
export interface FromServeThread {
  type: 'refused' | 'failed';
  message: string;
}
