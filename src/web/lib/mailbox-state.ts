import type { ListPage, LiveEvent, Summary } from '../api/types';

/**
 * The message list's state and how each page and live event changes it. Pure, so the list's
 * behaviour under live traffic is tested without a browser.
 */
export interface MailboxState {
  /** The search the rows answer ('' for all). */
  search: string;
  rows: Summary[];
  /** Every message in the mailbox, and the unread ones. */
  total: number;
  unread: number;
  /** Messages matching the search (the whole list without one). */
  matching: number;
  tags: string[];
  /** More (older) rows can be paged in. */
  hasMore: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string;
}

/** What changes the list. */
export type MailboxAction =
  | { type: 'reset'; search: string }
  | { type: 'page'; search: string; page: ListPage; append: boolean; limit: number }
  | { type: 'head'; search: string; page: ListPage }
  | { type: 'failed'; search: string; error: string }
  | { type: 'live'; event: LiveEvent };

/** The state before the first page. */
export const initialMailbox: MailboxState = {
  search: '',
  rows: [],
  total: 0,
  unread: 0,
  matching: 0,
  tags: [],
  hasMore: false,
  status: 'loading',
  error: '',
};

/** Applies one action. Answers for another search than the current one are dropped. */
export function mailboxReducer(state: MailboxState, action: MailboxAction): MailboxState {
  switch (action.type) {
    case 'reset':
      return { ...initialMailbox, search: action.search, total: state.total, unread: state.unread, tags: state.tags };
    case 'page': {
      if (action.search !== state.search) return state;
      const { page } = action;
      const rows = action.append ? mergeOlder(state.rows, page.messages) : page.messages;
      return {
        ...state,
        rows,
        total: page.total,
        unread: page.unread,
        matching: page.messages_count,
        tags: page.tags,
        hasMore: page.messages.length >= action.limit && rows.length < page.messages_count,
        status: 'ready',
        error: '',
      };
    }
    case 'head': {
      if (action.search !== state.search) return state;
      const known = new Set(state.rows.map((r) => r.ID));
      const fresh = action.page.messages.filter((m) => !known.has(m.ID));
      return {
        ...state,
        rows: fresh.length ? sortNewestFirst([...fresh, ...state.rows]) : state.rows,
        total: action.page.total,
        unread: action.page.unread,
        matching: action.page.messages_count,
        tags: action.page.tags,
      };
    }
    case 'failed':
      if (action.search !== state.search) return state;
      return { ...state, status: 'error', error: action.error };
    case 'live':
      return applyLiveEvent(state, action.event);
  }
}

/**
 * A live event. `new` is added at the top only without a search (a search's matches are
 * fetched by the caller, which knows the search language is the server's); `update` and
 * `delete` patch rows in place; `stats` refreshes the counts.
 */
function applyLiveEvent(state: MailboxState, event: LiveEvent): MailboxState {
  switch (event.Type) {
    case 'new': {
      if (state.search || state.rows.some((r) => r.ID === event.Data.ID)) return state;
      return {
        ...state,
        rows: sortNewestFirst([event.Data, ...state.rows]),
        matching: state.matching + 1,
        tags: withTags(state.tags, event.Data.Tags),
      };
    }
    case 'update': {
      const { ID, Read, Tags } = event.Data;
      const index = state.rows.findIndex((r) => r.ID === ID);
      if (index < 0) return Tags ? { ...state, tags: withTags(state.tags, Tags) } : state;
      const rows = state.rows.slice();
      rows[index] = { ...rows[index], ...(Read !== undefined && { Read }), ...(Tags && { Tags }) };
      return { ...state, rows, tags: withTags(state.tags, Tags ?? []) };
    }
    case 'delete': {
      const rows = state.rows.filter((r) => r.ID !== event.Data.ID);
      if (rows.length === state.rows.length) return state;
      return { ...state, rows, matching: Math.max(0, state.matching - 1) };
    }
    case 'stats':
      return { ...state, total: event.Data.Total, unread: event.Data.Unread };
    default:
      return state;
  }
}

/** The tags in use plus any new ones, sorted as the server sorts them (case-insensitively). */
function withTags(tags: string[], more: readonly string[]): string[] {
  const known = new Set(tags.map((t) => t.toLowerCase()));
  const added = more.filter((t) => !known.has(t.toLowerCase()));
  return added.length ? [...tags, ...added].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })) : tags;
}

/** Appends an older page, skipping rows already shown (a page may overlap after deletes). */
function mergeOlder(rows: Summary[], older: Summary[]): Summary[] {
  const known = new Set(rows.map((r) => r.ID));
  return [...rows, ...older.filter((m) => !known.has(m.ID))];
}

/**
 * Newest first by Created (RFC 3339 UTC strings sort as times). The sort is stable and new rows
 * come first, so within one millisecond the later arrival stays on top, as the server orders them.
 */
function sortNewestFirst(rows: Summary[]): Summary[] {
  return rows.sort((a, b) => (a.Created === b.Created ? 0 : a.Created < b.Created ? 1 : -1));
}
