import { MessageBuffer } from './message-buffer.js';

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const NL_DOT = Buffer.from('\n.');
const CR_ONLY = Buffer.from('\r');

// Where a chunk ended, for the chunk that follows: in the middle of a line, at the start of a
// line, after a line-initial ".", or after a line-initial ".\r".
const NORMAL = 0;
const LINE_START = 1;
const DOT_SEEN = 2;
const DOT_CR_SEEN = 3;

/**
 * Reads the text of a DATA command (RFC 5321 §4.1.1.4) from successive chunks: finds the end
 * line "." and removes dot-stuffing (§4.5.2) without a per-byte loop — it jumps between "\n."
 * hits with `indexOf`, and carries a few bits of state across chunk boundaries. Line ends
 * are kept as sent; bare LF is accepted as a line end (many local clients send it), so "\n.\n"
 * and "\n.\r\n" end the data as "\r\n.\r\n" does. The line end before the final "." belongs to
 * the message.
 */
export class DataReader {
  private state = LINE_START;
  /** The message collected so far. */
  readonly body: MessageBuffer;

  constructor(maxBytes: number) {
    this.body = new MessageBuffer(maxBytes);
  }

  /**
   * Feeds one chunk. Returns -1 when the data goes on, else how many bytes of `chunk` the
   * data used: the rest is the next pipelined command.
   */
  push(chunk: Buffer): number {
    const len = chunk.length;
    let pos = 0;
    while (this.state !== NORMAL) {
      if (pos >= len) return -1;
      const c = chunk[pos];
      if (this.state === LINE_START) {
        if (c === DOT) {
          this.state = DOT_SEEN;
          pos++;
        } else this.state = NORMAL;
      } else if (this.state === DOT_SEEN) {
        if (c === LF) return pos + 1;
        if (c === CR) {
          this.state = DOT_CR_SEEN;
          pos++;
        } else this.state = NORMAL; // a stuffed dot: dropped
      } else {
        if (c === LF) return pos + 1;
        this.body.add(CR_ONLY, 0, 1); // ".\r" + something else: the dot was stuffing
        this.state = NORMAL;
      }
    }
    let segStart = pos;
    for (;;) {
      const j = chunk.indexOf(NL_DOT, pos);
      if (j < 0) {
        this.body.add(chunk, segStart, len);
        this.state = chunk[len - 1] === LF ? LINE_START : NORMAL;
        return -1;
      }
      this.body.add(chunk, segStart, j + 1);
      const k = j + 2; // the byte after the line-initial dot
      if (k >= len) {
        this.state = DOT_SEEN;
        return -1;
      }
      const c = chunk[k];
      if (c === LF) return k + 1;
      if (c === CR) {
        if (k + 1 >= len) {
          this.state = DOT_CR_SEEN;
          return -1;
        }
        if (chunk[k + 1] === LF) return k + 2;
      }
      segStart = pos = k; // a stuffed dot: skip it
    }
  }
}
