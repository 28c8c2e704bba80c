import { describe, expect, it } from 'vitest';
import { applyCompletion, completeKeyword, wordAt } from './search-keywords';

describe('search keyword completion', () => {
  it('offers the keywords that start with the word being typed', () => {
    expect(completeKeyword('is:un', 5)).toEqual(['is:unread']);
    expect(completeKeyword('hello f', 7)).toEqual(['from:']);
    expect(completeKeyword('s', 1)).toEqual(['subject:', 'smaller:']);
  });

  it('offers nothing for an empty word or a keyword already typed in full', () => {
    expect(completeKeyword('hello ', 6)).toEqual([]);
    expect(completeKeyword('is:read', 7)).toEqual([]);
  });

  it('completes a negated keyword and keeps the negation', () => {
    expect(completeKeyword('-has:a', 6)).toEqual(['has:attachment']);
    expect(applyCompletion('-has:a', 6, 'has:attachment')).toEqual({ text: '-has:attachment ', caret: 16 });
  });

  it('completes tag names in use, quoting those with spaces', () => {
    expect(completeKeyword('tag:', 4, ['signup', 'Weekly digest', 'other'])).toEqual([
      'tag:signup',
      'tag:"Weekly digest"',
      'tag:other',
    ]);
    expect(completeKeyword('tag:we', 6, ['signup', 'Weekly digest'])).toEqual(['tag:"Weekly digest"']);
  });

  it('replaces only the word at the caret, leaving a field keyword open for its value', () => {
    expect(applyCompletion('alpha fr beta', 8, 'from:')).toEqual({ text: 'alpha from: beta', caret: 11 });
    expect(applyCompletion('is:un x', 5, 'is:unread')).toEqual({ text: 'is:unread x', caret: 9 });
    expect(wordAt('a bc', 3)).toEqual({ start: 2, end: 4, prefix: '', word: 'b' });
  });
});
