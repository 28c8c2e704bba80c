/**
 * The LZ4 block format, written here: a fast compressor for the raw messages the store keeps.
 * Deflate at its fastest level costs ~14 µs on a 2 KB message in Node (~25 µs on the store
 * thread under load, most of it Huffman coding); this costs a few, for a somewhat larger
 * result. Mail is text and base64, which LZ4's plain matches already shrink well.
 *
 * A block is a run of sequences: a token (literal count in the high 4 bits, match length − 4
 * in the low 4; 15 means more length bytes follow, each adding up to 255), the literals, then a
 * 2-byte little-endian offset back to the match. The last sequence is literals only; the last
 * 5 bytes are always literals and no match starts in the last 12 (the format's end rules).
 */

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MATCH_FIND_LIMIT = 12;
const MAX_OFFSET = 65_535;
const HASH_BITS = 12;
/** Runs up to this long are copied in a loop. */
const SHORT = 32;

/** The largest a compressed block of `n` bytes can be (incompressible input). */
export function lz4Bound(n: number): number {
  return n + Math.ceil(n / 255) + 16;
}

/** An LZ4 compressor: its hash table, kept from one call to the next. */
export class Lz4Compressor {
  /** Positions by hash of the 4 bytes there (plus the base of the call that stored them). */
  private readonly table = new Int32Array(1 << HASH_BITS);

  /**
   * The table is not cleared between calls: each call stores positions plus its own base,
   * above every earlier call's, so an entry from an earlier call reads as below zero (empty).
   * Only when the bases would pass 2^31 is it cleared and they start again.
   */
  constructor(private base = 0) {}

  /** Compresses `input` into one LZ4 block, after `headerBytes` left for the caller to fill. */
  compress(input: Uint8Array, headerBytes = 0): Buffer {
    const n = input.length;
    const out = Buffer.allocUnsafe(headerBytes + lz4Bound(n));
    const table = this.table;
    if (this.base > 0x7fffffff - n - 1) {
      table.fill(0);
      this.base = 0;
    }
    const start = this.base + 1; // entries below this belong to earlier calls
    this.base = start + n;
    let op = headerBytes;
    let anchor = 0;
    const matchLimit = n - LAST_LITERALS;
    const searchLimit = n - MATCH_FIND_LIMIT;
    let ip = 0;
    let misses = 0; // since the last match: past 64, positions are skipped, more the longer it lasts
    while (ip <= searchLimit) {
      const seq = read32(input, ip);
      const h = Math.imul(seq, 2654435761) >>> (32 - HASH_BITS);
      const ref = table[h] - start;
      table[h] = ip + start;
      if (ref < 0 || ip - ref > MAX_OFFSET || read32(input, ref) !== seq) {
        ip += 1 + (misses++ >> 6);
        continue;
      }
      misses = 0;
      // A match: extend it forwards as far as the end rules allow.
      let len = MIN_MATCH;
      while (ip + len < matchLimit && input[ip + len] === input[ref + len]) len++;
      op = writeSequence(out, op, input, anchor, ip - anchor, ip - ref, len);
      ip += len;
      anchor = ip;
    }
    op = writeLiterals(out, op, input, anchor, n - anchor);
    return out.subarray(0, op);
  }
}

const shared = new Lz4Compressor();

/** Compresses `input` into one LZ4 block, after `headerBytes` left for the caller to fill. */
export function lz4Compress(input: Uint8Array, headerBytes = 0): Buffer {
  return shared.compress(input, headerBytes);
}

/** Decompresses one LZ4 block whose original is `size` bytes; throws on a damaged block. */
export function lz4Decompress(block: Uint8Array, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= block.length) throw damaged();
    const token = block[ip++];
    let literals = token >>> 4;
    if (literals === 15) {
      const more = readLength(block, ip);
      ip += lengthBytes(more);
      literals += more;
    }
    if (ip + literals > block.length || op + literals > size) throw damaged();
    op = copy(out, op, block, ip, literals);
    ip += literals;
    if (ip === block.length) break; // the last sequence: literals only
    if (ip + 2 > block.length) throw damaged();
    const offset = block[ip] | (block[ip + 1] << 8);
    ip += 2;
    let len = (token & 15) + MIN_MATCH;
    if ((token & 15) === 15) {
      const more = readLength(block, ip);
      ip += lengthBytes(more);
      len += more;
    }
    if (offset === 0 || offset > op || op + len > size) throw damaged();
    if (offset >= len && len > SHORT) {
      out.copyWithin(op, op - offset, op - offset + len);
      op += len;
    } else {
      // Byte by byte: a match may overlap the bytes it is writing (a run).
      for (let from = op - offset, end = op + len; op < end; ) out[op++] = out[from++];
    }
  }
  if (op !== size) throw damaged();
  return out;
}

function writeSequence(out: Buffer, op: number, input: Uint8Array, from: number, literals: number, offset: number, len: number): number {
  const matchCode = len - MIN_MATCH;
  out[op++] = ((literals >= 15 ? 15 : literals) << 4) | (matchCode >= 15 ? 15 : matchCode);
  if (literals >= 15) op = writeLength(out, op, literals - 15);
  op = copy(out, op, input, from, literals);
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (matchCode >= 15) op = writeLength(out, op, matchCode - 15);
  return op;
}

function writeLiterals(out: Buffer, op: number, input: Uint8Array, from: number, literals: number): number {
  out[op++] = (literals >= 15 ? 15 : literals) << 4;
  if (literals >= 15) op = writeLength(out, op, literals - 15);
  return copy(out, op, input, from, literals);
}

/** The sum of a length's extra bytes from `ip` on: 255s, then one byte below 255. */
function readLength(block: Uint8Array, ip: number): number {
  let sum = 0;
  for (;;) {
    if (ip >= block.length) throw damaged();
    const b = block[ip++];
    sum += b;
    if (b !== 255) return sum;
  }
}

/** How many bytes a length's extra part of `sum` takes (see `writeLength`). */
function lengthBytes(sum: number): number {
  return Math.floor(sum / 255) + 1;
}

function writeLength(out: Buffer, op: number, rest: number): number {
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

/** Copies `n` bytes to `out` at `op`; returns the end. Short runs in a loop: a native copy costs more to call. */
function copy(out: Uint8Array, op: number, from: Uint8Array, at: number, n: number): number {
  if (n > SHORT) {
    out.set(from.subarray(at, at + n), op);
    return op + n;
  }
  for (let end = at + n; at < end; ) out[op++] = from[at++];
  return op;
}

function read32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

function damaged(): Error {
  return new Error('damaged LZ4 block');
}
