import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Lz4Compressor, lz4Bound, lz4Compress, lz4Decompress } from './lz4-block.js';

/** A small deterministic generator (mulberry32), so a failing case can be run again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inputs of the shapes mail has and of the shapes that reach the format's edges. */
function corpus(): Array<[string, Buffer]> {
  const random = prng(7);
  const words = 'the quick brown fox jumps over a lazy dog and then some more words =3D =20 base64'.split(' ');
  const text = (n: number) => {
    let s = '';
    while (s.length < n) s += `${words[Math.floor(random() * words.length)]}${random() < 0.1 ? '\r\n' : ' '}`;
    return Buffer.from(s.slice(0, n));
  };
  const cases: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('x')],
    ['12 bytes', Buffer.from('abcdabcdabcd')],
    ['13 bytes of a run', Buffer.alloc(13, 0x61)],
    ['a run of 100 KB', Buffer.alloc(100_000, 0x20)],
    ['random 4 KB', randomBytes(4096)],
    ['random 70 KB (offsets past 64 KB)', randomBytes(70_000)],
    ['text 2 KB', text(2048)],
    ['text 200 KB', text(200_000)],
    ['a repeat 70 KB back', (() => {
      const head = randomBytes(1000);
      return Buffer.concat([head, randomBytes(70_000), head, Buffer.from('tail of it')]);
    })()],
    ['literals of 14, 15, 16, 269, 270, 271 between runs', Buffer.concat(
      [14, 15, 16, 269, 270, 271].flatMap((n) => [randomBytes(n), Buffer.alloc(40, 0x2d)]),
    )],
    ['matches of 18, 19, 20, 273, 274, 275', Buffer.concat(
      [18, 19, 20, 273, 274, 275].flatMap((n) => {
        const seed = randomBytes(8);
        const repeat = Buffer.alloc(n);
        for (let i = 0; i < n; i++) repeat[i] = seed[i % 8];
        return [seed, repeat, randomBytes(9)];
      }),
    )],
  ];
  for (let i = 0; i < 200; i++) {
    const parts: Buffer[] = [];
    const pieces = 1 + Math.floor(random() * 8);
    for (let p = 0; p < pieces; p++) {
      const n = Math.floor(random() * 600);
      const kind = random();
      if (kind < 0.3) parts.push(randomBytes(n));
      else if (kind < 0.6) parts.push(text(n));
      else if (kind < 0.8) parts.push(Buffer.alloc(n, Math.floor(random() * 256)));
      else if (parts.length > 0) parts.push(parts[Math.floor(random() * parts.length)]);
    }
    cases.push([`mixed #${i}`, Buffer.concat(parts)]);
  }
  return cases;
}

/**
 * Reads a block's sequences as the format defines them, independently of `lz4Decompress`, and
 * checks its end rules: the last sequence has no match, the last 5 bytes are literals, no match
 * starts within the last 12.
 */
function checkEndRules(block: Buffer, size: number): void {
  let ip = 0;
  let op = 0;
  for (;;) {
    const token = block[ip++];
    let literals = token >>> 4;
    if (literals === 15) for (let b = 255; b === 255; literals += b) b = block[ip++];
    ip += literals;
    op += literals;
    if (ip === block.length) break;
    ip += 2;
    let len = (token & 15) + 4;
    if ((token & 15) === 15) for (let b = 255; b === 255; len += b) b = block[ip++];
    expect(op).toBeLessThanOrEqual(size - 12);
    op += len;
    expect(op).toBeLessThanOrEqual(size - 5);
  }
  expect(op).toBe(size);
}

describe('LZ4 block', () => {
  it('reads blocks written by hand from the format', () => {
    // "abcd", then 8 bytes from 4 back, then "xyzwv" as the last literals.
    const plain = Buffer.from([0x44, ...Buffer.from('abcd'), 0x04, 0x00, 0x50, ...Buffer.from('xyzwv')]);
    expect(lz4Decompress(plain, 17).toString()).toBe('abcdabcdabcdxyzwv');
    // "a", then 10 bytes from 1 back (a match over the bytes it writes), then "bbbbb".
    const run = Buffer.from([0x16, 0x61, 0x01, 0x00, 0x50, ...Buffer.from('bbbbb')]);
    expect(lz4Decompress(run, 16).toString()).toBe(`${'a'.repeat(11)}bbbbb`);
    // 300 literals (15 in the token, then 255 and 30 more), then a match 300 back of
    // 4 + 15 + 255 + 6 = 280 bytes, then "12345".
    const literals = randomBytes(300);
    const long = Buffer.concat([
      Buffer.from([0xff, 255, 30]),
      literals,
      Buffer.from([0x2c, 0x01, 255, 6]),
      Buffer.from([0x50, ...Buffer.from('12345')]),
    ]);
    const decoded = lz4Decompress(long, 300 + 280 + 5);
    expect(decoded.equals(Buffer.concat([literals, literals.subarray(0, 280), Buffer.from('12345')]))).toBe(true);
  });

  it('gives back every input exactly, within the bound, keeping the end rules', () => {
    for (const [name, input] of corpus()) {
      const block = lz4Compress(input);
      expect(block.length, name).toBeLessThanOrEqual(lz4Bound(input.length));
      expect(lz4Decompress(block, input.length).equals(input), name).toBe(true);
      checkEndRules(block, input.length);
    }
  });

  it('shrinks mail-like text and runs', () => {
    const text = Buffer.from('Hello, this is a message about your order. '.repeat(50));
    expect(lz4Compress(text).length).toBeLessThan(text.length / 10);
    expect(lz4Compress(Buffer.alloc(100_000, 0x20)).length).toBeLessThan(500);
  });

  it('leaves header bytes free before the block', () => {
    const input = Buffer.from('header bytes first, '.repeat(20));
    const out = lz4Compress(input, 4);
    expect(lz4Decompress(out.subarray(4), input.length).equals(input)).toBe(true);
    expect(out.subarray(4).equals(lz4Compress(input))).toBe(true);
  });

  it('compresses each input alone: earlier calls change nothing, nor does its table starting again', () => {
    const a = Buffer.from('first message, first message, first message, first message');
    const b = Buffer.from('second message shares words: first message, message, second');
    const fresh = new Lz4Compressor().compress(b);
    const used = new Lz4Compressor();
    used.compress(a);
    expect(used.compress(b).equals(fresh)).toBe(true);
    // Bases about to pass 2^31: the table is cleared and they start again. (Zeros first in
    // both: the second would otherwise find the first's entries for them.)
    const first = Buffer.concat([Buffer.alloc(64), a]);
    const second = Buffer.concat([Buffer.alloc(64), b]);
    const nearEnd = new Lz4Compressor(0x7fffffff - 200);
    expect(nearEnd.compress(first).equals(new Lz4Compressor().compress(first))).toBe(true);
    const again = nearEnd.compress(second);
    expect(again.equals(new Lz4Compressor().compress(second))).toBe(true);
    expect(lz4Decompress(again, second.length).equals(second)).toBe(true);
  });

  it('refuses damaged blocks rather than reading or writing out of bounds', () => {
    const input = Buffer.from('a message that compresses, a message that compresses, and ends here');
    const block = lz4Compress(input);
    expect(() => lz4Decompress(block.subarray(0, block.length - 3), input.length)).toThrow(/damaged/);
    expect(() => lz4Decompress(block, input.length - 1)).toThrow(/damaged/);
    expect(() => lz4Decompress(block, input.length + 1)).toThrow(/damaged/);
    expect(() => lz4Decompress(Buffer.alloc(0), 0)).toThrow(/damaged/);
    expect(() => lz4Decompress(Buffer.from([0x10, 0x61, 0x00, 0x00, 0x50, 1, 2, 3, 4, 5]), 14)).toThrow(/damaged/); // offset 0
    expect(() => lz4Decompress(Buffer.from([0x10, 0x61, 0x05, 0x00, 0x50, 1, 2, 3, 4, 5]), 14)).toThrow(/damaged/); // before the start
    // Any change to a block gives the exact size or an error, and always ends.
    const random = prng(11);
    for (let i = 0; i < 2000; i++) {
      const copy = Buffer.from(block);
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      try {
        expect(lz4Decompress(copy, input.length).length).toBe(input.length);
      } catch (err) {
        expect(String(err)).toMatch(/damaged/);
      }
    }
  });
});
