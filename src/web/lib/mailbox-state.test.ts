import { describe, expect, it } from 'vitest';
import type { ListPage, Summary } from '../api/types';
import { initialMailbox, mailboxReducer, type MailboxState } from './mailbox-state';

const summary = (id: string, created: string, extra: Partial<Summary> = {}): Summary => ({
  ID: id,
  MessageID: `${id}@test`,
  Read: false,
  From: { Name: '', Address: 'a@test' },
  To: [],
  Cc: [],
  Bcc: [],
  ReplyTo: [],
  Subject: id,
  Created: created,
  Username: '',
  Tags: [],
  Size: 100,
  Attachments: 0,
  Snippet: '',
  ...extra,
});

const page = (messages: Summary[], count = messages.length): ListPage => ({
  total: count,
  unread: count,
  messages_count: count,
  messages_unread: count,
  tags: [],
  messages,
});

const loaded = (rows: Summary[], count = rows.length, search = ''): MailboxState =>
  mailboxReducer({ ...initialMailbox, search }, { type: 'page', search, page: page(rows, count), append: false, limit: 2 });

describe('the message list state', () => {
  it('pages older rows in and knows when the end is reached', () => {
    let state = loaded([summary('c', '2024-01-03T00:00:00.000Z'), summary('b', '2024-01-02T00:00:00.000Z')], 3);
    expect(state.hasMore).toBe(true);
    state = mailboxReducer(state, { type: 'page', search: '', page: page([summary('a', '2024-01-01T00:00:00.000Z')], 3), append: true, limit: 2 });
    expect(state.rows.map((r) => r.ID)).toEqual(['c', 'b', 'a']);
    expect(state.hasMore).toBe(false);
  });

  it('puts a live new message on top without a search, once', () => {
    let state = loaded([summary('a', '2024-01-01T00:00:00.000Z')]);
    const fresh = summary('n', '2024-01-05T00:00:00.000Z', { Tags: ['signup'] });
    state = mailboxReducer(state, { type: 'live', event: { Type: 'new', Data: fresh } });
    state = mailboxReducer(state, { type: 'live', event: { Type: 'new', Data: fresh } });
    expect(state.rows.map((r) => r.ID)).toEqual(['n', 'a']);
    expect(state.tags).toEqual(['signup']);
  });

  it('leaves a search result to the server: a live new message is not guessed in', () => {
    const state = loaded([summary('a', '2024-01-01T00:00:00.000Z')], 1, 'from:x');
    const next = mailboxReducer(state, { type: 'live', event: { Type: 'new', Data: summary('n', '2024-01-05T00:00:00.000Z') } });
    expect(next.rows.map((r) => r.ID)).toEqual(['a']);
  });

  it('merges a fresh head page of a search above the rows shown', () => {
    const state = loaded([summary('a', '2024-01-01T00:00:00.000Z')], 1, 'from:x');
    const next = mailboxReducer(state, {
      type: 'head',
      search: 'from:x',
      page: page([summary('n', '2024-01-05T00:00:00.000Z'), summary('a', '2024-01-01T00:00:00.000Z')]),
    });
    expect(next.rows.map((r) => r.ID)).toEqual(['n', 'a']);
  });

  it('patches read state and tags, and removes deleted rows', () => {
    let state = loaded([summary('b', '2024-01-02T00:00:00.000Z'), summary('a', '2024-01-01T00:00:00.000Z')]);
    state = mailboxReducer(state, { type: 'live', event: { Type: 'update', Data: { ID: 'a', Read: true } } });
    state = mailboxReducer(state, { type: 'live', event: { Type: 'update', Data: { ID: 'b', Tags: ['x'] } } });
    state = mailboxReducer(state, { type: 'live', event: { Type: 'delete', Data: { ID: 'b' } } });
    expect(state.rows).toHaveLength(1);
    expect(state.rows[0]).toMatchObject({ ID: 'a', Read: true });
    expect(state.matching).toBe(1);
    expect(state.tags).toEqual(['x']); // a tag set live joins the tag filter
  });

  it('drops an answer that belongs to a search no longer shown', () => {
    const state = mailboxReducer(initialMailbox, { type: 'reset', search: 'new' });
    const next = mailboxReducer(state, { type: 'page', search: 'old', page: page([summary('a', '2024-01-01T00:00:00.000Z')]), append: false, limit: 50 });
    expect(next).toBe(state);
  });
});
