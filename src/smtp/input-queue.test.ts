import { describe, expect, it } from 'vitest';
import { InputQueue } from './input-queue.js';

function queueOf(...parts: string[]): InputQueue {
  const q = new InputQueue();
  for (const p of parts) q.push(Buffer.from(p));
  return q;
}

describe('the input queue', () => {
  it('cuts lines out of one chunk in order and keeps the rest', () => {
    const q = queueOf('NOOP\r\nRSET\r\nQU');
    expect(String(q.takeLine(512))).toBe('NOOP\r\n');
    expect(String(q.takeLine(512))).toBe('RSET\r\n');
    expect(q.takeLine(512)).toBeNull();
    expect(q.size).toBe(2);
    q.push(Buffer.from('IT\n'));
    expect(String(q.takeLine(512))).toBe('QUIT\n');
    expect(q.empty).toBe(true);
    expect(q.size).toBe(0);
  });

  it('joins a line split over several chunks', () => {
    const q = queueOf('MA', 'IL FROM:', '<a@b>\r', '\nNOOP\r\n');
    expect(String(q.takeLine(512))).toBe('MAIL FROM:<a@b>\r\n');
    expect(String(q.takeLine(512))).toBe('NOOP\r\n');
  });

  it('says a line is too long once more than the cap is queued without a line end', () => {
    const q = queueOf('x'.repeat(100));
    expect(q.takeLine(64)).toBe('too-long');
    expect(q.skipLine()).toBe(false);
    expect(q.empty).toBe(true);
    q.push(Buffer.from('xx\r\nNOOP\r\n'));
    expect(q.skipLine()).toBe(true);
    expect(String(q.takeLine(64))).toBe('NOOP\r\n');
  });

  it('hands out raw chunks for message text and takes back what was not used', () => {
    const q = queueOf('EHLO x\r\nbody', 'more');
    q.takeLine(512);
    expect(String(q.shift())).toBe('body');
    q.unshift(Buffer.from('dy'));
    expect(q.size).toBe(6);
    expect(String(q.drain())).toBe('dymore');
    expect(q.empty).toBe(true);
  });

  it('skips a counted number of bytes across the first chunk', () => {
    const q = queueOf('abcdef', 'gh');
    q.skip(4);
    expect(String(q.peek())).toBe('ef');
    q.skip(2);
    expect(String(q.peek())).toBe('gh');
    expect(q.size).toBe(2);
  });
});
