import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiError, fetchPage } from '../api/client';
import { connectLiveFeed } from '../api/live-feed';
import type { LiveEvent, Summary } from '../api/types';
import { initialMailbox, mailboxReducer, type MailboxState } from './mailbox-state';

/** Rows fetched per page: a few screens, so scrolling rarely waits. */
export const PAGE_SIZE = 100;

/** The list, live: pages by keyset, follows /api/events, reports the connection. */
export interface Mailbox extends MailboxState {
  /** The live feed is down (a banner says so; it reconnects by itself). */
  offline: boolean;
  loadMore(): void;
  reload(): void;
}

/** Loads the list for `search` and keeps it current; `onNew` hears of each new message. */
export function useMailbox(search: string, onNew: (summary: Summary) => void): Mailbox {
  const [state, dispatch] = useReducer(mailboxReducer, initialMailbox);
  const [offline, setOffline] = useState(false);
  const current = useRef(state);
  current.current = state;
  const loadingMore = useRef(false);
  const onNewRef = useRef(onNew);
  onNewRef.current = onNew;

  const loadFirst = useCallback((query: string) => {
    fetchPage({ search: query, limit: PAGE_SIZE }).then(
      (page) => dispatch({ type: 'page', search: query, page, append: false, limit: PAGE_SIZE }),
      (err: unknown) => dispatch({ type: 'failed', search: query, error: describe(err) }),
    );
  }, []);

  useEffect(() => {
    dispatch({ type: 'reset', search });
    loadFirst(search);
  }, [search, loadFirst]);

  const loadMore = useCallback(() => {
    const { rows, hasMore, search: query, status } = current.current;
    if (!hasMore || loadingMore.current || status !== 'ready') return;
    loadingMore.current = true;
    const last = rows[rows.length - 1];
    fetchPage({ search: query, before: last?.ID, limit: PAGE_SIZE })
      // The cursor's message was deleted meanwhile: fall back to the offset once.
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 400) return fetchPage({ search: query, start: rows.length, limit: PAGE_SIZE });
        throw err;
      })
      .then(
        (page) => dispatch({ type: 'page', search: query, page, append: true, limit: PAGE_SIZE }),
        (err: unknown) => dispatch({ type: 'failed', search: query, error: describe(err) }),
      )
      .finally(() => (loadingMore.current = false));
  }, []);

  // A search's new matches: the head page again, merged above what is shown (never the whole list).
  const headTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshHead = useCallback(() => {
    clearTimeout(headTimer.current);
    headTimer.current = setTimeout(() => {
      const query = current.current.search;
      fetchPage({ search: query, limit: PAGE_SIZE }).then(
        (page) => dispatch({ type: 'head', search: query, page }),
        () => undefined,
      );
    }, 150);
  }, []);

  useEffect(() => {
    const onEvent = (event: LiveEvent) => {
      if (event.Type === 'prune' || event.Type === 'truncate') return loadFirst(current.current.search);
      if (event.Type === 'new') {
        onNewRef.current(event.Data);
        if (current.current.search) refreshHead();
      }
      dispatch({ type: 'live', event });
    };
    return connectLiveFeed({
      onEvent,
      onOpen: (reconnected) => {
        setOffline(false);
        if (reconnected) loadFirst(current.current.search);
      },
      onLost: () => setOffline(true),
    });
  }, [loadFirst, refreshHead]);

  return { ...state, offline, loadMore, reload: () => loadFirst(current.current.search) };
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'The server cannot be reached.';
}
