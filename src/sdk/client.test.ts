import { describe, expect, it } from 'vitest';
import { toSearch } from './client.js';

describe('toSearch', () => {
  it('turns waitFor criteria into one search, each value a phrase', () => {
    expect(toSearch({ to: 'alice@example.test', from: 'Shop', subject: 'Confirm your account', query: 'has:attachment' })).toBe(
      'to:"alice@example.test" from:"Shop" subject:"Confirm your account" has:attachment',
    );
  });

  it('drops quotes inside values and blank criteria', () => {
    expect(toSearch({ subject: 'Say "hi"', to: '  ', query: '' })).toBe('subject:"Say  hi"');
    expect(toSearch({})).toBe('');
  });
});
