import { describe, expect, it } from 'vitest';
import { extractCodes, extractLinks } from './message-links.js';

describe('extractLinks', () => {
  it('reads anchors with their text and bare URLs from the text part, once each', () => {
    const html = `<p>Hi <a class="btn" href="https://app.example/confirm?t=1&amp;u=2"><b>Confirm</b>  email</a>
      <a href='mailto:help@app.example'>Help</a> <a href=https://app.example/x>X</a>
      <a href="javascript:alert(1)">evil</a> <a href="#top">top</a> <A HREF="https://app.example/confirm?t=1&amp;u=2">again</A></p>`;
    const text = 'Confirm: https://app.example/confirm?t=1&u=2. Or see https://app.example/faq, thanks';
    expect(extractLinks(html, text)).toEqual([
      { url: 'https://app.example/confirm?t=1&u=2', text: 'Confirm email' },
      { url: 'mailto:help@app.example', text: 'Help' },
      { url: 'https://app.example/x', text: 'X' },
      { url: 'https://app.example/faq', text: '' },
    ]);
  });
});

describe('extractCodes', () => {
  it('finds 4 to 8 digit codes standing alone, not dates, phone numbers or longer numbers', () => {
    const text = 'Your code is 482913. Backup: 1234\nOrder 123456789 on 2024-05-06, call +1 555-0100 at 10:30';
    expect(extractCodes('Login code 482913', text)).toEqual(['482913', '1234']);
  });

  it('uses a given pattern, and its first group when it has one', () => {
    expect(extractCodes('', 'token: AB-12CD and token: ZZ-99QQ', /token: ([A-Z]{2}-\w{4})/)).toEqual(['AB-12CD', 'ZZ-99QQ']);
  });
});
