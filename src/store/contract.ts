import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDevmailError } from '../core/errors.js';
import type { MessageSummary } from '../core/types.js';
import { buildMessage, slowIndexerModule, type TestMail } from './contract-fixtures.js';
import { newMessageId } from './ids.js';
import type { IndexerModule, Store } from './store.js';

/** How the contract reaches one implementation: a fresh database per test. */
export interface StoreHarness {
  /**
   * Opens a store on this test's database; opening again after `close()` finds the same data.
   * The indexer comes by module, as the server gives it; an in-thread store loads it itself.
   */
  open(deps: { indexer: IndexerModule; now: () => Date }): Promise<Store>;
  /** Removes this test's database. */
  destroy(): Promise<void>;
}

const t0 = Date.parse('2024-04-01T10:00:00Z');
const minute = 60_000;

/**
 * The behaviour every Store must have, run against each implementation (SQLite always,
 * PostgreSQL in CI). Every test uses an indexer that answers late and out of order, so each
 * read also checks read-your-writes against the deferred index. With `quickIndex` the indexer
 * also has a quick index, which the store uses for one-part messages (see `quickTestIndex`).
 */
export function describeStoreContract(name: string, createHarness: () => Promise<StoreHarness>, options: { quickIndex?: boolean } = {}): void {
  describe(`${name} store contract`, () => {
    let harness: StoreHarness;
    let store: Store;
    let clockMs = t0;
    const open = (maxIndexDelayMs = 3) =>
      harness.open({ indexer: slowIndexerModule(maxIndexDelayMs, options.quickIndex), now: () => new Date(clockMs) });
    /** Inserts one message, `advanceMs` after the previous one. */
    const add = async (mail: TestMail = {}, advanceMs = 1000) => {
      clockMs += advanceMs;
      return store.insert(buildMessage(mail));
    };
    const subjects = (list: { messages: MessageSummary[] }) => list.messages.map((m) => m.subject);
    const rejection = async (promise: Promise<unknown>) => {
      const err = await promise.then(() => null, (e: unknown) => e);
      expect(isDevmailError(err), `expected a DevmailError, got ${String(err)}`).toBe(true);
      return err as { code: string };
    };

    beforeEach(async () => {
      clockMs = t0;
      harness = await createHarness();
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await harness.destroy();
    });

    describe('insert and get', () => {
      it('returns the exact bytes it was given, with the envelope and source', async () => {
        const message = buildMessage({ subject: 'Bytes', body: 'line one\r\nline two '.repeat(100) });
        const raw = Buffer.concat([message.raw, Buffer.from([0xff, 0x00, 0xfe, 0x0d, 0x0a])]);
        const summary = await store.insert({ ...message, raw });
        const stored = await store.get(summary.id);
        expect(stored?.raw.equals(raw)).toBe(true);
        expect(stored?.envelope).toEqual(message.envelope);
        expect(stored?.source).toBe('smtp');
        const smallMessage = buildMessage({ subject: 'Small' });
        const small = await store.insert(smallMessage);
        expect((await store.get(small.id))?.raw.equals(smallMessage.raw)).toBe(true);
      });

      it('returns a summary with the header fields, size, username, inbox and creation time', async () => {
        clockMs = Date.parse('2024-05-06T07:08:09.123Z');
        const message = buildMessage({
          inbox: 'team-a',
          from: { name: 'Alice', address: 'alice@example.com' },
          to: [{ name: 'Bob', address: 'bob@example.com' }],
          cc: [{ name: '', address: 'carol@example.com' }],
          bcc: [{ name: '', address: 'dave@example.com' }],
          replyTo: [{ name: 'Help', address: 'help@example.com' }],
          subject: 'Fields',
          messageId: 'fields-1@example.com',
          username: 'smtp-user',
        });
        const inserted = await store.insert(message);
        expect(inserted.id).toMatch(/^[0-9A-Za-z]{22}$/);
        const summary = await store.getSummary(inserted.id);
        expect(summary).toMatchObject({
          id: inserted.id,
          inbox: 'team-a',
          messageId: 'fields-1@example.com',
          read: false,
          from: { name: 'Alice', address: 'alice@example.com' },
          to: [{ name: 'Bob', address: 'bob@example.com' }],
          cc: [{ name: '', address: 'carol@example.com' }],
          bcc: [{ name: '', address: 'dave@example.com' }],
          replyTo: [{ name: 'Help', address: 'help@example.com' }],
          subject: 'Fields',
          username: 'smtp-user',
          size: message.raw.length,
          tags: [],
        });
        expect(summary?.created.toISOString()).toBe('2024-05-06T07:08:09.123Z');
      });

      it('answers an insert with the summary it reads back, when it stored the message with its index', async () => {
        await add({ tags: ['Alpha'] });
        const mails: TestMail[] = [
          { subject: 'tagged', tags: ['zulu', 'alpha', 'Beta', 'gamma'], cc: [{ name: 'C', address: 'c@example.com' }], username: 'u' },
          { subject: 'other inbox', inbox: 'team-b', replyTo: [{ name: '', address: 'help@example.com' }], body: 'a  body\r\n\r\nfolded' },
          { subject: 'with a file', attachments: ['a.txt'], inline: 1 },
          { subject: 'no sender', from: null, bcc: [{ name: 'Hidden', address: 'bcc@example.com' }] },
        ];
        for (const mail of mails) {
          const { id, summary } = await add(mail);
          const quick = options.quickIndex === true && mail.attachments === undefined;
          expect(summary === null, mail.subject).toBe(!quick);
          if (summary) expect(summary, mail.subject).toEqual(await store.getSummary(id));
        }
        if (options.quickIndex) {
          const { summary } = await add(mails[0]);
          expect(summary?.tags).toEqual(['Alpha', 'Beta', 'gamma', 'zulu']); // the spelling stored first, sorted as the list sorts
        }
      });

      it('reads many summaries at once, in the order asked, skipping unknown IDs', async () => {
        const a = await add({ subject: 'a', body: 'apple pie' });
        const b = await add({ subject: 'b', attachments: ['b.txt'] });
        const c = await add({ subject: 'c' });
        const summaries = await store.getSummaries([c.id, 'no-such-id', a.id, b.id]);
        expect(summaries.map((s) => s.subject)).toEqual(['c', 'a', 'b']);
        expect(summaries[1]).toMatchObject({ id: a.id, snippet: 'apple pie' }); // indexed first: read-your-writes
        expect(summaries[2].attachments).toBe(1);
        expect(summaries).toEqual([await store.getSummary(c.id), await store.getSummary(a.id), await store.getSummary(b.id)]);
        expect(await store.getSummaries([])).toEqual([]);
      });

      it('answers null for an unknown ID or an ID in another inbox', async () => {
        const { id } = await add({ inbox: 'a' });
        expect(await store.get('no-such-id')).toBeNull();
        expect(await store.getSummary('no-such-id')).toBeNull();
        expect(await store.get(id, 'b')).toBeNull();
        expect(await store.getSummary(id, 'b')).toBeNull();
        expect((await store.get(id, 'a'))?.summary.id).toBe(id);
      });

      it('refuses a message without an inbox or with malformed tags as a bad request', async () => {
        expect((await rejection(store.insert({ ...buildMessage(), inbox: '' }))).code).toBe('bad_request');
        const badTags = { ...buildMessage(), tags: 'urgent' as unknown as string[] };
        expect((await rejection(store.insert(badTags))).code).toBe('bad_request');
        expect(await store.stats()).toEqual({ total: 0, unread: 0 });
      });

      it('stores a message under the ID it is given; refuses a malformed one and one already stored', async () => {
        const id = newMessageId();
        expect((await store.insert({ ...buildMessage({ subject: 'given' }), id })).id).toBe(id);
        expect((await store.getSummary(id))?.subject).toBe('given');
        expect((await rejection(store.insert({ ...buildMessage({ subject: 'again' }), id }))).code).toBe('conflict');
        expect((await rejection(store.insert({ ...buildMessage(), id: 'not-an-id' }))).code).toBe('bad_request');
        expect((await store.list({})).messages.map((m) => m.subject)).toEqual(['given']);
      });

      it('gives every message a distinct ID', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 50; i++) ids.add((await add({}, 0)).id);
        expect(ids.size).toBe(50);
      });
    });

    describe('read-your-writes with a slow indexer', () => {
      it('shows the snippet and attachment count in the list right after insert resolves', async () => {
        await store.close();
        store = await open(40);
        const { id } = await add({ body: 'The quarterly numbers are in.', attachments: ['q1.pdf', 'q2.pdf'] });
        const [list, summary] = await Promise.all([store.list({}), store.getSummary(id)]);
        expect(list.messages[0]).toMatchObject({ id, snippet: 'The quarterly numbers are in.', attachments: 2 });
        expect(summary).toMatchObject({ snippet: 'The quarterly numbers are in.', attachments: 2 });
      });

      it('finds a message by its body text right after insert resolves, for every concurrent reader', async () => {
        await store.close();
        store = await open(40);
        const { id } = await add({ body: 'zebra crossing ahead' });
        const results = await Promise.all(Array.from({ length: 10 }, () => store.list({ search: 'zebra' })));
        for (const result of results) expect(result.messages.map((m) => m.id)).toEqual([id]);
        expect(await store.latestId({ search: 'crossing' })).toBe(id);
      });
    });

    describe('concurrent inserts', () => {
      it('stores 200 concurrent inserts durably, listed newest first in the order they were inserted', async () => {
        const summaries = await Promise.all(
          Array.from({ length: 200 }, (_, i) => store.insert(buildMessage({ subject: `n${i}` }))),
        );
        expect(new Set(summaries.map((s) => s.id)).size).toBe(200);
        const expected = Array.from({ length: 200 }, (_, i) => `n${199 - i}`);
        expect(subjects(await store.list({ limit: 0 }))).toEqual(expected);
        await store.close();
        store = await open();
        const reopened = await store.list({ limit: 0 });
        expect(subjects(reopened)).toEqual(expected);
        expect(reopened.total).toBe(200);
      });
    });

    describe('list and paging', () => {
      beforeEach(async () => {
        for (let i = 1; i <= 5; i++) await add({ subject: `m${i}` });
      });

      it('lists newest first and pages with start and limit', async () => {
        expect(subjects(await store.list({ limit: 2 }))).toEqual(['m5', 'm4']);
        const second = await store.list({ limit: 2, start: 2 });
        expect(subjects(second)).toEqual(['m3', 'm2']);
        expect(second.start).toBe(2);
        expect(subjects(await store.list({ limit: 2, start: 4 }))).toEqual(['m1']);
        expect(subjects(await store.list({ limit: 2, start: 9 }))).toEqual([]);
      });

      it('pages with a before cursor, ignoring start', async () => {
        const first = await store.list({ limit: 2 });
        const cursor = first.messages[1].id;
        const next = await store.list({ limit: 2, before: cursor, start: 3 });
        expect(subjects(next)).toEqual(['m3', 'm2']);
        expect(next.start).toBe(0);
        expect(subjects(await store.list({ limit: 2, before: next.messages[1].id }))).toEqual(['m1']);
      });

      it('pages with a before cursor through messages created in the same millisecond', async () => {
        for (let i = 6; i <= 8; i++) await add({ subject: `m${i}` }, 0);
        const first = await store.list({ limit: 2 });
        expect(subjects(first)).toEqual(['m8', 'm7']);
        expect(subjects(await store.list({ limit: 3, before: first.messages[1].id }))).toEqual(['m6', 'm5', 'm4']);
      });

      it('returns every message when limit is 0, and 50 by default', async () => {
        expect(subjects(await store.list({ limit: 0 }))).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
        for (let i = 6; i <= 60; i++) await add({ subject: `m${i}` }, 1);
        const page = await store.list({});
        expect(page.messages).toHaveLength(50);
        expect(page.total).toBe(60);
      });

      it('refuses a cursor that names no message, and a negative start or limit', async () => {
        expect((await rejection(store.list({ before: 'nope' }))).code).toBe('bad_request');
        expect((await rejection(store.list({ start: -1 }))).code).toBe('bad_request');
        expect((await rejection(store.list({ limit: -5 }))).code).toBe('bad_request');
      });
    });

    describe('counts', () => {
      it('counts total, unread, matching and matching unread, per inbox and overall', async () => {
        const a1 = await add({ subject: 'alpha one', inbox: 'a' });
        await add({ subject: 'alpha two', inbox: 'a' });
        await add({ subject: 'beta', inbox: 'a' });
        await add({ subject: 'alpha three', inbox: 'b' });
        await store.setRead({ ids: [a1.id] }, true);
        const list = await store.list({ inbox: 'a', search: 'alpha' });
        expect(list).toMatchObject({ total: 3, unread: 2, matching: 2, matchingUnread: 1 });
        expect(await store.list({ inbox: 'a' })).toMatchObject({ total: 3, unread: 2, matching: 3, matchingUnread: 2 });
        expect(await store.list({ search: 'alpha' })).toMatchObject({ total: 4, unread: 3, matching: 3, matchingUnread: 2 });
        expect(await store.list({ inbox: 'a', search: 'is:unread' })).toMatchObject({ matching: 2, matchingUnread: 2 });
        expect(await store.list({ inbox: 'a', search: 'alpha is:read' })).toMatchObject({ matching: 1, matchingUnread: 0 });
        expect(await store.list({ search: '-alpha' })).toMatchObject({ matching: 1, matchingUnread: 1 });
        expect(await store.list({ inbox: 'a', search: 'alpha larger:1' })).toMatchObject({ matching: 2, matchingUnread: 1 });
        expect(await store.list({ search: 'alpha', start: 2 })).toMatchObject({ matching: 3, messages: [{ subject: 'alpha one' }] });
        expect(await store.list({ search: 'alpha', start: 3 })).toMatchObject({ matching: 3, messages: [] });
        expect(await store.list({ inbox: 'b', search: 'beta' })).toMatchObject({ matching: 0, messages: [] });
        await store.setRead({ ids: [a1.id] }, false);
        expect(await store.list({ inbox: 'a', search: 'alpha' })).toMatchObject({ matching: 2, matchingUnread: 2 });
        await store.setRead({ ids: [a1.id] }, true);
        expect(await store.stats('a')).toEqual({ total: 3, unread: 2 });
        expect(await store.stats('b')).toEqual({ total: 1, unread: 1 });
        expect(await store.stats('nobody')).toEqual({ total: 0, unread: 0 });
        expect(await store.stats()).toEqual({ total: 4, unread: 3 });
      });
    });

    describe('search language', () => {
      beforeEach(async () => {
        clockMs = Date.parse('2024-03-31T23:30:00Z');
        const invoice = await add(
          {
            subject: 'Your invoice 42',
            from: { name: 'Alice', address: 'alice@example.com' },
            to: [{ name: 'Bob', address: 'bob@example.com' }],
            body: 'Please pay the amount due.',
            attachments: ['invoice-42.pdf'],
            tags: ['Billing'],
          },
          0,
        );
        await store.setRead({ ids: [invoice.id] }, true);
        clockMs = Date.parse('2024-04-01T08:00:00Z');
        await add(
          {
            subject: 'Welcome aboard',
            from: { name: 'Support Team', address: 'support@devmail.test' },
            to: [{ name: 'Carol', address: 'carol+news@example.org' }],
            cc: [{ name: '', address: 'dave@example.com' }],
            body: 'Hello Carol, welcome to the team.',
            inline: 1,
          },
          0,
        );
        clockMs = Date.parse('2024-04-02T12:00:00Z');
        await add(
          {
            subject: 'Weekly report',
            from: { name: '', address: 'reports@example.net' },
            to: [{ name: '', address: 'bob@example.com' }],
            bcc: [{ name: '', address: 'audit@example.com' }],
            replyTo: [{ name: '', address: 'noreply@example.net' }],
            body: 'Café sales are up this week.',
            attachments: ['q1-figures.xlsx', 'notes.txt'],
            tags: ['reports', 'billing'],
            padBytes: 20_000,
          },
          0,
        );
        clockMs = Date.parse('2024-04-03T09:00:00Z');
        await add(
          {
            subject: 'Password reset',
            from: { name: '', address: 'security@example.com' },
            to: [{ name: '', address: 'alice@example.com' }],
            messageId: 'reset-123@example.com',
            body: 'Use the code 123456 to reset your password.',
          },
          0,
        );
      });

      const invoice = 'Your invoice 42';
      const welcome = 'Welcome aboard';
      const report = 'Weekly report';
      const reset = 'Password reset';
      const cases: [string, string[], string?][] = [
        ['invoice', [invoice]],
        ['INVOICE', [invoice]],
        ['welc', [welcome]],
        ['cafe', [report]],
        ['pay amount', [invoice]],
        ['"sales are up"', [report]],
        ['"up sales"', []],
        ['-invoice', [reset, report, welcome]],
        ['!invoice', [reset, report, welcome]],
        ['-"sales are up" -welcome', [reset, invoice]],
        ['example.org', [welcome]],
        ['carol+news@example.org', [welcome]],
        ['figures', [report]],
        ['to:bob@example.com', [report, invoice]],
        ['to:bob', [report, invoice]],
        ['-to:bob', [reset, welcome]],
        ['TO:Bob', [report, invoice]],
        ['from:"Support Team"', [welcome]],
        ['from:alice', [invoice]],
        ['cc:dave', [welcome]],
        ['bcc:audit', [report]],
        ['reply-to:noreply', [report]],
        ['addressed:alice', [reset, invoice]],
        ['subject:"weekly report"', [report]],
        ['subject:report', [report]],
        ['subject:invoice pay', [invoice]],
        ['message-id:reset-123', [reset]],
        ['message-id:<reset-123@example.com>', [reset]],
        ['tag:billing', [report, invoice]],
        ['tag:"Billing"', [report, invoice]],
        ['-tag:billing', [reset, welcome]],
        ['is:read', [invoice]],
        ['is:unread', [reset, report, welcome]],
        ['-is:read', [reset, report, welcome]],
        ['!is:unread', [invoice]],
        ['is:tagged', [report, invoice]],
        ['!is:tagged', [reset, welcome]],
        ['has:attachment', [report, invoice]],
        ['has:attachments', [report, invoice]],
        ['-has:attachment', [reset, welcome]],
        ['has:inline', [welcome]],
        ['after:2024-04-01', [reset, report, welcome]],
        ['after:2024-04-01', [reset, report, welcome, invoice], 'Asia/Tokyo'],
        ['before:2024-04-01', [invoice]],
        ['before:2024/04/01', [], 'Asia/Tokyo'],
        ['after:2024-04-01 before:2024-04-03', [report, welcome]],
        ['-after:2024-04-02', [welcome, invoice]],
        ['after:2024-04-02T12:00', [reset, report]],
        ['larger:10K', [report]],
        ['larger:10240', [report]],
        ['smaller:10k', [reset, welcome, invoice]],
        ['-larger:10K', [reset, welcome, invoice]],
        ['is:unread has:attachment tag:reports', [report]],
        ['after:yesterday invoice', [invoice]],
        ['subject:"a"" OR 1=1 --"', []],
        ['" NEAR( * ) AND OR NOT {to_addr} :', []],
        ['-', [reset, report, welcome, invoice]],
      ];

      it.each(cases)('finds %j as expected', async (search, expected, tz) => {
        const result = await store.list({ search, tz, limit: 0 });
        expect(subjects(result)).toEqual(expected);
        expect(result.matching).toBe(expected.length);
      });

      it('refuses an unknown time zone', async () => {
        const err = await rejection(store.list({ search: 'after:2024-01-01', tz: 'Mars/Olympus' }));
        expect(err.code).toBe('bad_request');
      });

      it('forgets deleted messages in the full-text index', async () => {
        await store.delete({ search: 'invoice' });
        const again = await add({ subject: 'A new invoice' });
        expect((await store.list({ search: 'invoice' })).messages.map((m) => m.id)).toEqual([again.id]);
      });
    });

    describe('read state', () => {
      it('sets read state by IDs, returning only the IDs whose state changed', async () => {
        const a = await add();
        const b = await add();
        expect((await store.setRead({ ids: [a.id, 'unknown'] }, true)).sort()).toEqual([a.id]);
        expect(await store.setRead({ ids: [a.id] }, true)).toEqual([]);
        expect((await store.setRead({ ids: [a.id, b.id] }, true)).sort()).toEqual([b.id]);
        expect(await store.stats()).toEqual({ total: 2, unread: 0 });
        expect((await store.setRead({ ids: [a.id] }, false)).sort()).toEqual([a.id]);
        expect((await store.getSummary(a.id))?.read).toBe(false);
        expect(await store.stats()).toEqual({ total: 2, unread: 1 });
      });

      it('sets read state by search and for all, scoped by inbox', async () => {
        const a = await add({ subject: 'ping', inbox: 'x' });
        const b = await add({ subject: 'pong', inbox: 'x' });
        const c = await add({ subject: 'ping', inbox: 'y' });
        expect(await store.setRead({ search: 'subject:ping', inbox: 'x' }, true)).toEqual([a.id]);
        expect((await store.setRead({ all: true }, true)).sort()).toEqual([b.id, c.id].sort());
        expect(await store.stats()).toEqual({ total: 3, unread: 0 });
        expect(await store.setRead({ all: true, inbox: 'y' }, false)).toEqual([c.id]);
        expect(await store.stats('y')).toEqual({ total: 1, unread: 1 });
        expect(await store.stats('x')).toEqual({ total: 2, unread: 0 });
      });
    });

    describe('delete', () => {
      it('deletes by IDs, returning the IDs deleted', async () => {
        const a = await add();
        const b = await add();
        expect(await store.delete({ ids: [a.id, 'unknown'] })).toEqual([a.id]);
        expect(await store.get(a.id)).toBeNull();
        expect((await store.list({})).messages.map((m) => m.id)).toEqual([b.id]);
        expect(await store.stats()).toEqual({ total: 1, unread: 1 });
      });

      it('deletes by search, scoped by inbox', async () => {
        const a = await add({ subject: 'old news', inbox: 'x' });
        await add({ subject: 'fresh', inbox: 'x' });
        await add({ subject: 'old news', inbox: 'y' });
        expect(await store.delete({ search: 'old', inbox: 'x' })).toEqual([a.id]);
        expect(await store.stats('x')).toEqual({ total: 1, unread: 1 });
        expect(await store.stats('y')).toEqual({ total: 1, unread: 1 });
      });

      it('deletes everything in an inbox, or everything, and its tags go too', async () => {
        const a = await add({ inbox: 'x', tags: ['kept'] });
        const b = await add({ inbox: 'y', tags: ['gone'] });
        const c = await add({ inbox: 'y' });
        expect((await store.delete({ all: true, inbox: 'y' })).sort()).toEqual([b.id, c.id].sort());
        expect(await store.listTags()).toEqual(['kept']);
        expect(await store.stats()).toEqual({ total: 1, unread: 1 });
        const d = await add({ inbox: 'y', subject: 'after' });
        expect((await store.delete({ all: true })).sort()).toEqual([a.id, d.id].sort());
        expect(await store.stats()).toEqual({ total: 0, unread: 0 });
        expect(await store.listTags()).toEqual([]);
        expect((await store.list({ search: 'after' })).messages).toEqual([]);
        const e = await add({ subject: 'after' });
        expect((await store.list({ search: 'after' })).messages.map((m) => m.id)).toEqual([e.id]);
      });
    });

    describe('tags', () => {
      it('keeps tags trimmed and unique regardless of case, in the first spelling, sorted', async () => {
        const a = await add({ tags: ['Urgent', ' urgent ', 'beta', ''] });
        expect((await store.getSummary(a.id))?.tags).toEqual(['beta', 'Urgent']);
        const b = await add({ tags: ['URGENT', 'Zed'] });
        expect((await store.getSummary(b.id))?.tags).toEqual(['Urgent', 'Zed']);
        expect(await store.listTags()).toEqual(['beta', 'Urgent', 'Zed']);
      });

      it('replaces the tags of messages and clears them with an empty list', async () => {
        const a = await add({ tags: ['one'] });
        const b = await add();
        expect(await store.setTags([a.id, b.id, 'unknown'], ['Two', 'three'])).toEqual({
          [a.id]: ['three', 'Two'],
          [b.id]: ['three', 'Two'],
        });
        expect(await store.listTags()).toEqual(['three', 'Two']);
        expect(await store.setTags([a.id], [])).toEqual({ [a.id]: [] });
        expect((await store.getSummary(a.id))?.tags).toEqual([]);
        expect(await store.setTags([b.id], [])).toEqual({ [b.id]: [] });
        expect(await store.listTags()).toEqual([]);
      });

      it('renames a tag everywhere, merging into an existing tag of that name', async () => {
        const a = await add({ tags: ['draft'] });
        const b = await add({ tags: ['draft', 'final'] });
        const c = await add({ tags: ['final'] });
        expect((await store.renameTag('DRAFT', 'Review')).sort()).toEqual([a.id, b.id].sort());
        expect(await store.listTags()).toEqual(['final', 'Review']);
        expect((await store.list({ search: 'tag:review' })).messages.map((m) => m.id)).toEqual([b.id, a.id]);
        expect((await store.renameTag('review', 'final')).sort()).toEqual([a.id, b.id].sort());
        expect(await store.listTags()).toEqual(['final']);
        expect((await store.getSummary(b.id))?.tags).toEqual(['final']);
        expect((await store.list({ search: 'tag:final' })).messages.map((m) => m.id)).toEqual([c.id, b.id, a.id]);
        expect(await store.renameTag('final', 'Final')).toHaveLength(3);
        expect(await store.listTags()).toEqual(['Final']);
        expect(await store.renameTag('missing', 'other')).toEqual([]);
      });

      it('renames and deletes a tag within one inbox only', async () => {
        const a = await add({ inbox: 'x', tags: ['shared'] });
        const b = await add({ inbox: 'y', tags: ['shared'] });
        expect(await store.renameTag('shared', 'mine', 'x')).toEqual([a.id]);
        expect((await store.getSummary(b.id))?.tags).toEqual(['shared']);
        expect(await store.listTags('x')).toEqual(['mine']);
        expect(await store.listTags('y')).toEqual(['shared']);
        expect(await store.deleteTag('shared', 'x')).toEqual([]);
        expect(await store.deleteTag('SHARED', 'y')).toEqual([b.id]);
        expect(await store.listTags()).toEqual(['mine']);
      });

      it('deletes a tag from every message', async () => {
        const a = await add({ tags: ['temp', 'keep'] });
        expect(await store.deleteTag('temp')).toEqual([a.id]);
        expect((await store.getSummary(a.id))?.tags).toEqual(['keep']);
        expect(await store.listTags()).toEqual(['keep']);
        expect(await store.deleteTag('temp')).toEqual([]);
      });
    });

    describe('retention', () => {
      it('prunes the oldest messages beyond the count', async () => {
        const ids = [];
        for (let i = 0; i < 5; i++) ids.push((await add({ subject: `m${i}` })).id);
        expect((await store.prune({ maxMessages: 3, maxAgeMs: 0 })).sort()).toEqual(ids.slice(0, 2).sort());
        expect(subjects(await store.list({}))).toEqual(['m4', 'm3', 'm2']);
        expect(await store.stats()).toEqual({ total: 3, unread: 3 });
        expect(await store.prune({ maxMessages: 3, maxAgeMs: 0 })).toEqual([]);
      });

      it('prunes messages older than the age limit', async () => {
        const old = await add({ subject: 'old' }, 0);
        await add({ subject: 'newer' }, 60 * minute);
        await add({ subject: 'newest' }, 60 * minute);
        clockMs += minute;
        expect(await store.prune({ maxMessages: 0, maxAgeMs: 90 * minute })).toEqual([old.id]);
        expect(subjects(await store.list({}))).toEqual(['newest', 'newer']);
      });

      it('prunes nothing when both limits are 0', async () => {
        await add();
        expect(await store.prune({ maxMessages: 0, maxAgeMs: 0 })).toEqual([]);
        expect((await store.stats()).total).toBe(1);
      });
    });

    describe('scan and latest', () => {
      it('scans every message oldest first with its raw bytes, or one inbox', async () => {
        const inserted = [];
        for (let i = 0; i < 7; i++) inserted.push(await add({ subject: `s${i}`, inbox: i % 2 ? 'odd' : 'even' }));
        const all = [];
        for await (const m of store.scan()) all.push(m);
        expect(all.map((m) => m.summary.subject)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
        expect(all[0].raw.toString()).toContain('Subject: s0');
        const odd = [];
        for await (const m of store.scan('odd')) odd.push(m.summary.subject);
        expect(odd).toEqual(['s1', 's3', 's5']);
      });

      it('gives the newest ID, optionally matching a search or in an inbox, or null', async () => {
        expect(await store.latestId()).toBeNull();
        const a = await add({ subject: 'alpha', inbox: 'x' });
        const b = await add({ subject: 'beta', inbox: 'y' });
        expect(await store.latestId()).toBe(b.id);
        expect(await store.latestId({ search: 'alpha' })).toBe(a.id);
        expect(await store.latestId({ inbox: 'x' })).toBe(a.id);
        expect(await store.latestId({ search: 'gamma' })).toBeNull();
      });
    });

    describe('lifecycle', () => {
      it('rejects inserts and reads after close as unavailable', async () => {
        await add();
        await store.close();
        expect((await rejection(store.insert(buildMessage()))).code).toBe('unavailable');
        expect((await rejection(store.list({}))).code).toBe('unavailable');
      });

      it('commits inserts queued before close', async () => {
        const pending = store.insert(buildMessage({ subject: 'last one' }));
        await store.close();
        const { id } = await pending;
        store = await open();
        expect((await store.getSummary(id))?.subject).toBe('last one');
      });

      it('finds everything again after reopening: messages, bytes, read state, tags and the index', async () => {
        const a = await add({ subject: 'persisted', body: 'durable words', tags: ['kept'] });
        const b = await add({ subject: 'second' });
        await store.setRead({ ids: [b.id] }, true);
        const raw = (await store.get(a.id))?.raw;
        await store.close();
        store = await open();
        expect(subjects(await store.list({}))).toEqual(['second', 'persisted']);
        expect((await store.get(a.id))?.raw.equals(raw as Buffer)).toBe(true);
        expect(await store.stats()).toEqual({ total: 2, unread: 1 });
        expect(await store.listTags()).toEqual(['kept']);
        expect((await store.list({ search: 'durable' })).messages.map((m) => m.id)).toEqual([a.id]);
        expect((await store.getSummary(a.id))?.snippet).toBe('durable words');
      });
    });
  });
}
