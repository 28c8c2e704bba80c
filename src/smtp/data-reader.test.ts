import { describe, expect, it } from 'vitest';
import { DataReader } from './data-reader.js';

/** Feeds `wire` split at `cuts`; returns the message and what came after the end line. */
function read(wire: string, cuts: number[] = [], maxBytes = 1 << 20) {
  const buf = Buffer.from(wire, 'latin1');
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < buf.length).sort((a, b) => a - b), buf.length];
  const reader = new DataReader(maxBytes);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const chunk = buf.subarray(bounds[i], bounds[i + 1]);
    const used = reader.push(chunk);
    if (used >= 0) {
      const rest = Buffer.concat([chunk.subarray(used), buf.subarray(bounds[i + 1])]).toString('latin1');
      return { message: reader.body.toBuffer()?.toString('latin1') ?? null, size: reader.body.size, rest };
    }
  }
  return { message: null, size: reader.body.size, rest: null };
}

/** The obvious line-by-line unstuffing, to compare against. */
function reference(wire: string) {
  const lines = wire.split(/(?<=\n)/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '.\r\n' || line === '.\n') return { message: out, rest: lines.slice(i + 1).join('') };
    out += line.startsWith('.') ? line.slice(1) : line;
  }
  return { message: null, rest: null };
}

describe('reading DATA text', () => {
  it('ends at CRLF.CRLF and keeps the CRLF before it', () => {
    expect(read('Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n')).toEqual({
      message: 'Subject: x\r\n\r\nhi\r\n',
      size: 18,
      rest: 'QUIT\r\n',
    });
  });

  it('accepts bare LF line ends and a bare-LF end line', () => {
    expect(read('a\nb\n.\nNOOP\n')).toMatchObject({ message: 'a\nb\n', rest: 'NOOP\n' });
  });

  it('removes dot-stuffing, including on the first line', () => {
    expect(read('..first\r\nmid\r\n...two dots\r\n.\r\n').message).toBe('.first\r\nmid\r\n..two dots\r\n');
  });

  it('treats an immediate end line as an empty message', () => {
    expect(read('.\r\n')).toMatchObject({ message: '', rest: '' });
  });

  it('does not end on a dot that is not alone on its line', () => {
    expect(read('a\r\n.b\r\n.\rc\r\n.\r\n').message).toBe('a\r\nb\r\n\rc\r\n');
  });

  it('finds the end line split across every possible chunk boundary', () => {
    const wire = '..a\r\nb\r\n.\r\n..\r\nc.\r\n\r\n.\r\nEHLO x\r\n';
    const want = reference(wire);
    for (let i = 1; i < wire.length; i++) {
      for (let j = i; j < wire.length; j++) {
        expect(read(wire, [i, j]), `cuts ${i},${j}`).toMatchObject(want);
      }
    }
  });

  it('agrees with line-by-line unstuffing on random input cut into random chunks', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const alphabet = ['.', '\r\n', '\n', 'a', '\r', '..', '\r\n.', '\n.'];
    for (let round = 0; round < 400; round++) {
      let wire = '';
      for (let k = rand(40); k > 0; k--) wire += alphabet[rand(alphabet.length)];
      wire += '\r\n.\r\nTAIL';
      const cuts = Array.from({ length: rand(6) }, () => rand(wire.length));
      const got = read(wire, cuts);
      expect(got.message, JSON.stringify({ wire, cuts })).toBe(reference(wire).message);
      expect(got.rest).toBe(reference(wire).rest);
    }
  });

  it('counts but discards a message over the limit and still finds its end', () => {
    const body = 'x'.repeat(100) + '\r\n';
    const got = read(body.repeat(10) + '.\r\nRSET\r\n', [50, 500], 300);
    expect(got).toEqual({ message: null, size: body.length * 10, rest: 'RSET\r\n' });
  });
});
