import { describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { parseDate, parseSearch, parseSize, type SearchTerm } from './parse-search.js';

const terms = (query: string, tz?: string): SearchTerm[] => parseSearch(query, tz).terms;

describe('parseSearch', () => {
  it('reads words as separate free-text terms that must all match', () => {
    expect(terms('hello  world')).toEqual([
      { kind: 'text', text: 'hello', exact: false, negated: false },
      { kind: 'text', text: 'world', exact: false, negated: false },
    ]);
  });

  it('reads a quoted phrase as one exact term, keeping its spaces', () => {
    expect(terms('"hello   big world" x')).toEqual([
      { kind: 'text', text: 'hello big world', exact: true, negated: false },
      { kind: 'text', text: 'x', exact: false, negated: false },
    ]);
  });

  it('negates a term written with a leading - or !', () => {
    expect(terms('-spam !junk -"bad phrase"')).toEqual([
      { kind: 'text', text: 'spam', exact: false, negated: true },
      { kind: 'text', text: 'junk', exact: false, negated: true },
      { kind: 'text', text: 'bad phrase', exact: true, negated: true },
    ]);
  });

  it('treats a quoted operator or dash as plain text', () => {
    expect(terms('"is:read" "-x"')).toEqual([
      { kind: 'text', text: 'is:read', exact: true, negated: false },
      { kind: 'text', text: '-x', exact: true, negated: false },
    ]);
  });

  it('reads every header field filter, with quoted values and any case of the key', () => {
    expect(terms('to:a@b.c FROM:"John Doe" cc:x bcc:y reply-to:z addressed:w Subject:"hi there" -message-id:<id@x>')).toEqual([
      { kind: 'field', field: 'to', text: 'a@b.c', exact: false, negated: false },
      { kind: 'field', field: 'from', text: 'John Doe', exact: true, negated: false },
      { kind: 'field', field: 'cc', text: 'x', exact: false, negated: false },
      { kind: 'field', field: 'bcc', text: 'y', exact: false, negated: false },
      { kind: 'field', field: 'reply-to', text: 'z', exact: false, negated: false },
      { kind: 'field', field: 'addressed', text: 'w', exact: false, negated: false },
      { kind: 'field', field: 'subject', text: 'hi there', exact: true, negated: false },
      { kind: 'field', field: 'message-id', text: 'id@x', exact: false, negated: true },
    ]);
  });

  it('reads tags, flags and their negations', () => {
    expect(terms('tag:"Big Tag" is:read -is:unread !is:tagged has:attachment has:attachments has:inline HAS:INLINES')).toEqual([
      { kind: 'tag', name: 'Big Tag', negated: false },
      { kind: 'is', state: 'read', negated: false },
      { kind: 'is', state: 'unread', negated: true },
      { kind: 'is', state: 'tagged', negated: true },
      { kind: 'has', part: 'attachment', negated: false },
      { kind: 'has', part: 'attachment', negated: false },
      { kind: 'has', part: 'inline', negated: false },
      { kind: 'has', part: 'inline', negated: false },
    ]);
  });

  it('reads sizes in bytes, K and M, as Mailpit does', () => {
    expect(terms('larger:10K smaller:2M -larger:500 smaller:1.5mb')).toEqual([
      { kind: 'size', op: 'larger', bytes: 10240, negated: false },
      { kind: 'size', op: 'smaller', bytes: 2 * 1024 * 1024, negated: false },
      { kind: 'size', op: 'larger', bytes: 500, negated: true },
      { kind: 'size', op: 'smaller', bytes: 1572864, negated: false },
    ]);
  });

  it('places after: and before: dates at local midnight in the given time zone', () => {
    expect(terms('after:2024-04-01 before:2024/04/02')).toEqual([
      { kind: 'date', op: 'after', atMs: Date.parse('2024-04-01T00:00:00Z'), negated: false },
      { kind: 'date', op: 'before', atMs: Date.parse('2024-04-02T00:00:00Z'), negated: false },
    ]);
    expect(terms('after:2024-04-01', 'Asia/Tokyo')[0]).toMatchObject({ atMs: Date.parse('2024-03-31T15:00:00Z') });
    expect(terms('-before:2024-07-01', 'America/New_York')[0]).toMatchObject({
      atMs: Date.parse('2024-07-01T04:00:00Z'),
      negated: true,
    });
  });

  it('ignores unreadable terms and reports them', () => {
    const node = parseSearch('after:yesterday larger:huge to: tag:"" - hello --');
    expect(node.terms).toEqual([{ kind: 'text', text: 'hello', exact: false, negated: false }]);
    expect(node.ignored).toEqual(['after:yesterday', 'larger:huge', 'to:', 'tag:', '-', '--']);
  });

  it('keeps unknown prefixes as text, like a URL or is:starred', () => {
    expect(terms('http://example.com is:starred')).toEqual([
      { kind: 'text', text: 'http://example.com', exact: false, negated: false },
      { kind: 'text', text: 'is:starred', exact: false, negated: false },
    ]);
  });

  it('reads an unterminated quote to the end', () => {
    expect(terms('subject:"half open')).toEqual([
      { kind: 'field', field: 'subject', text: 'half open', exact: true, negated: false },
    ]);
  });

  it('parses an empty or blank search to no terms', () => {
    expect(parseSearch('   ')).toEqual({ kind: 'and', terms: [], ignored: [] });
  });

  it('refuses an unknown time zone as a bad request', () => {
    let err: unknown;
    try {
      parseSearch('x', 'Not/AZone');
    } catch (e) {
      err = e;
    }
    expect(isDevmailError(err, 'bad_request')).toBe(true);
  });
});

describe('parseDate', () => {
  it('accepts a time of day and an explicit offset', () => {
    expect(parseDate('2024-04-01T09:30', 'Europe/Berlin')).toBe(Date.parse('2024-04-01T07:30:00Z'));
    expect(parseDate('2024-04-01 09:30:15', 'UTC')).toBe(Date.parse('2024-04-01T09:30:15Z'));
    expect(parseDate('2024-04-01T09:30:00+05:30', 'Asia/Tokyo')).toBe(Date.parse('2024-04-01T04:00:00Z'));
    expect(parseDate('2024-04-01T09:30:00Z', 'Asia/Tokyo')).toBe(Date.parse('2024-04-01T09:30:00Z'));
  });

  it('refuses impossible dates', () => {
    expect(parseDate('2024-02-30', 'UTC')).toBeNull();
    expect(parseDate('2024-13-01', 'UTC')).toBeNull();
    expect(parseDate('2024-01-01T24:00', 'UTC')).toBeNull();
    expect(parseDate('01/04/2024', 'UTC')).toBeNull();
  });

  it('starts a day whose midnight a DST change skips at its first instant', () => {
    // America/Santiago moved clocks from 00:00 to 01:00 on 2023-09-03 (-04 → -03).
    expect(parseDate('2023-09-03', 'America/Santiago')).toBe(Date.parse('2023-09-03T04:00:00Z'));
  });

  it('reads a time that occurs twice as its first occurrence', () => {
    // Europe/Berlin went from 03:00 CEST back to 02:00 CET on 2024-10-27.
    expect(parseDate('2024-10-27T02:30', 'Europe/Berlin')).toBe(Date.parse('2024-10-27T00:30:00Z'));
  });
});

describe('parseSize', () => {
  it('reads plain bytes and binary units, and refuses anything else', () => {
    expect(parseSize('2048')).toBe(2048);
    expect(parseSize('10k')).toBe(10240);
    expect(parseSize('1GB')).toBe(1024 ** 3);
    expect(parseSize('ten')).toBeNull();
    expect(parseSize('-5')).toBeNull();
  });
});
