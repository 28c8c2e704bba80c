import { describe, expect, it } from 'vitest';
import { parseSearch } from '../search/parse-search.js';
import { compileSearch } from './compile-search.js';

describe('compileSearch', () => {
  it('never puts a searched value into the SQL text', () => {
    const hostile = `to:"x'); DROP TABLE messages; --" subject:"a"" OR 1=1" tag:'t' message-id:%_ y'z`;
    const { where, params } = compileSearch(parseSearch(hostile));
    expect(where).not.toMatch(/DROP|1=1|'t'|y'z/);
    expect(where.match(/\?/g)).toHaveLength(params.length);
  });

  it('compiles the same shape of search to the same SQL, so prepared statements are reused', () => {
    const a = compileSearch(parseSearch('to:alice hello is:unread larger:1K'));
    const b = compileSearch(parseSearch('to:bob world is:unread larger:2M'));
    expect(a.where).toBe(b.where);
    expect(a.params).not.toEqual(b.params);
  });

  it('quotes every value as one FTS5 phrase, doubling any quote in it, prefix-matched unless exact', () => {
    const { params } = compileSearch(parseSearch('foo subject:"say ""hi" -bar -to:x'));
    expect(params).toEqual(['("foo"*) AND ({subject} : "say hi")', '("bar"*) OR ({to_addr} : "x"*)']);
    expect(compileSearch(parseSearch('a"b')).params).toEqual(['("ab")']);
    const quoted = compileSearch({
      kind: 'and',
      terms: [{ kind: 'text', text: 'x" OR "y', exact: false, negated: false }],
      ignored: [],
    });
    expect(quoted.params).toEqual(['("x"" OR ""y"*)']);
  });

  it('escapes LIKE wildcards in message-id', () => {
    expect(compileSearch(parseSearch('message-id:50%_off')).params).toEqual(['%50\\%\\_off%']);
  });

  it('matches everything for a search without terms', () => {
    expect(compileSearch(parseSearch(''))).toEqual({ where: '1', params: [], narrow: true });
  });

  it('calls a search narrow only when it reads no column but seq, inbox and read', () => {
    for (const search of ['hello', 'subject:x -to:y', 'tag:t', 'is:unread', 'is:read -is:tagged', 'x tag:y is:unread']) {
      expect(compileSearch(parseSearch(search)).narrow, search).toBe(true);
    }
    for (const search of ['message-id:abc', 'has:attachment', 'after:2024-01-01', 'larger:1K', 'hello smaller:5M']) {
      expect(compileSearch(parseSearch(search)).narrow, search).toBe(false);
    }
  });

  it('probes the match set in list order when asked', () => {
    expect(compileSearch(parseSearch('x tag:y'), 'probe').where).toBe(
      '+m.seq IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) AND +m.seq IN (SELECT mt.seq FROM message_tags mt JOIN tags t ON t.id = mt.tag_id WHERE t.name = ?)',
    );
  });
});
