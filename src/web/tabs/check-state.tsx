import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';

/** A check's answer as it loads: nothing asked yet, loading, its data, or a failure. */
export type Load<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; data: T }
  | { state: 'failed'; status: number; message: string };

/**
 * Runs `fetcher` (at once unless `manual`), and again on `run()`. A stale answer (the
 * message changed, or a newer run started) is dropped.
 */
export function useLoad<T>(fetcher: () => Promise<T>, key: string, manual = false): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>(manual ? { state: 'idle' } : { state: 'loading' });
  const [run, setRun] = useState(manual ? 0 : 1);
  useEffect(() => {
    if (run === 0) return;
    let live = true;
    setLoad({ state: 'loading' });
    fetcher().then(
      (data) => live && setLoad({ state: 'done', data }),
      (err: unknown) =>
        live &&
        setLoad({
          state: 'failed',
          status: err instanceof ApiError ? err.status : 0,
          message: err instanceof Error ? err.message : String(err),
        }),
    );
    return () => {
      live = false;
    };
    // The fetcher is a fresh closure each render; what to fetch is named by `key`.
  }, [key, run]);
  return [load, useCallback(() => setRun((n) => n + 1), [])];
}

/** What each failure status means for a check, said calmly. */
export function failureText(status: number, message: string): string {
  switch (status) {
    case 404:
      return message;
    case 501:
      return `Not available on this server: ${message}`;
    case 502:
      return `The engine gave an answer devmail cannot read: ${message}`;
    case 503:
      return `The engine cannot be reached right now: ${message}`;
    case 504:
      return `The engine took too long to answer: ${message}`;
    case 0:
      return `The server cannot be reached (${message}).`;
    default:
      return message;
  }
}

/** Shows a check's loading or failure state, or its result through `children`. */
export function CheckBody<T>({ load, what, children }: { load: Load<T>; what: string; children(data: T): ReactNode }) {
  if (load.state === 'idle') return null;
  if (load.state === 'loading') return <p className="loading">Running the {what}…</p>;
  if (load.state === 'failed') {
    return (
      <p className={`check-unavailable ${load.status === 404 || load.status === 501 ? 'off' : 'down'}`} role="status">
        {failureText(load.status, load.message)}
      </p>
    );
  }
  return <>{children(load.data)}</>;
}
