import { urls } from './client';
import type { LiveEvent } from './types';

/** What the live feed tells its user. */
export interface LiveFeedHandlers {
  onEvent(event: LiveEvent): void;
  /** Connected (again): anything may have changed meanwhile. */
  onOpen(reconnected: boolean): void;
  /** Lost the connection; it retries by itself. */
  onLost(): void;
}

/** Retry delays: quick at first, then every few seconds while the server is away. */
const RETRY_MS = [500, 1000, 2000, 4000];

/** Connects to /api/events and keeps reconnecting until `stop()`. Returns `stop`. */
export function connectLiveFeed(handlers: LiveFeedHandlers): () => void {
  let socket: WebSocket | null = null;
  let attempts = 0;
  let everOpened = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    socket = new WebSocket(urls.events());
    socket.onopen = () => {
      handlers.onOpen(everOpened);
      everOpened = true;
      attempts = 0;
    };
    socket.onmessage = (message) => {
      try {
        handlers.onEvent(JSON.parse(String(message.data)) as LiveEvent);
      } catch {
        // a frame we cannot read is skipped; the next stats frame corrects the counts
      }
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      handlers.onLost();
      timer = setTimeout(connect, RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)]);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}
