import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { lz4Compress, lz4Decompress } from './lz4-block.js';

/** How a stored raw message is encoded; kept per row so the choice can change over time. */
export type RawEncoding = 'identity' | 'deflate-raw' | 'lz4';

/** Raw bytes as stored. */
export interface EncodedRaw {
  encoding: RawEncoding;
  data: Buffer;
}

/**
 * Messages smaller than this are stored as they are: compression saves little on a few hundred
 * bytes.
 */
const minCompressBytes = 512;

/**
 * Messages up to this size are compressed with LZ4, larger ones with deflate. Most mail an app
 * sends is a few KB, where Node's deflate costs ~14–21 µs a message however fast its level (the
 * stream it sets up per call, and Huffman coding), and our LZ4 ~5–8 µs, for a result about a
 * third larger. From tens of KB, deflate's native code is the faster of the two per byte and
 * its ratio worth more. Measured on 2 KB of the bench's mail: 7.8 against 21.0 µs, 1,284 against
 * 849 bytes; a 6 KB message with an attachment 17.9 against 25.2 µs.
 */
const maxLz4Bytes = 16 * 1024;

/** Bytes of the original length before an LZ4 block (the block does not record it). */
const lz4Header = 4;

/**
 * Compresses raw message bytes: LZ4 for mail of a few KB, raw deflate at level 1 above that
 * (several times faster than the default level for nearly the same ratio). Kept uncompressed
 * when compression does not make it smaller.
 */
export function encodeRaw(raw: Buffer): EncodedRaw {
  if (raw.length < minCompressBytes) return { encoding: 'identity', data: raw };
  if (raw.length <= maxLz4Bytes) {
    const block = lz4Compress(raw, lz4Header);
    block.writeUInt32LE(raw.length, 0);
    return block.length < raw.length ? { encoding: 'lz4', data: block } : { encoding: 'identity', data: raw };
  }
  const data = deflateRawSync(raw, { level: 1, strategy: constants.Z_DEFAULT_STRATEGY });
  return data.length < raw.length ? { encoding: 'deflate-raw', data } : { encoding: 'identity', data: raw };
}

/** The original bytes of a stored raw message. */
export function decodeRaw(encoding: string, data: Buffer): Buffer {
  switch (encoding) {
    case 'identity':
      return data;
    case 'deflate-raw':
      return inflateRawSync(data);
    case 'lz4':
      if (data.length < lz4Header) throw new Error('damaged LZ4 block');
      return lz4Decompress(data.subarray(lz4Header), data.readUInt32LE(0));
    default:
      throw new Error(`unknown raw encoding "${encoding}"`);
  }
}
