const LF = 0x0a;

/**
 * A session's unread input, kept as the socket's own chunks plus an offset into the first:
 * lines are cut out with `indexOf` and `subarray`, and chunks are only joined when a line
 * straddles two of them (bounded by the line cap).
 */
export class InputQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  /** Unread bytes. */
  size = 0;

  /** True when nothing is queued. */
  get empty(): boolean {
    return this.chunks.length === 0;
  }

  /** Appends a chunk read from the socket. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Puts bytes back in front (what a DATA or BDAT reader did not use). */
  unshift(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.head > 0) {
      this.chunks[0] = this.chunks[0].subarray(this.head);
      this.head = 0;
    }
    this.chunks.unshift(chunk);
    this.size += chunk.length;
  }

  /** Drops everything. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
  }

  /** The unread part of the first chunk (not consumed). */
  peek(): Buffer {
    const first = this.chunks[0];
    return this.head === 0 ? first : first.subarray(this.head);
  }

  /** Marks `n` bytes of the first chunk as read. */
  skip(n: number): void {
    this.head += n;
    this.size -= n;
    if (this.head >= this.chunks[0].length) {
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** Removes and returns the unread part of the first chunk. */
  shift(): Buffer {
    const chunk = this.peek();
    this.chunks.shift();
    this.head = 0;
    this.size -= chunk.length;
    return chunk;
  }

  /** Removes and returns everything queued, as one buffer. */
  drain(): Buffer {
    const all = this.chunks.length === 1 ? this.peek() : Buffer.concat([this.peek(), ...this.chunks.slice(1)]);
    this.clear();
    return all;
  }

  /**
   * Removes and returns the next line with its LF; null when no whole line is queued yet, or
   * 'too-long' when more than `maxBytes` are queued without a line end (the caller skips them).
   */
  takeLine(maxBytes: number): Buffer | null | 'too-long' {
    for (;;) {
      const first = this.chunks[0];
      const lf = first.indexOf(LF, this.head);
      if (lf >= 0) {
        const line = first.subarray(this.head, lf + 1);
        this.skip(lf + 1 - this.head);
        return line;
      }
      if (first.length - this.head > maxBytes) return 'too-long';
      if (this.chunks.length === 1) return null;
      this.chunks.splice(0, 2, Buffer.concat([first.subarray(this.head), this.chunks[1]]));
      this.head = 0;
    }
  }

  /** Skips up to and including the next LF; true when one was found (the long line is over). */
  skipLine(): boolean {
    const first = this.chunks[0];
    const lf = first.indexOf(LF, this.head);
    this.skip((lf < 0 ? first.length : lf + 1) - this.head);
    return lf >= 0;
  }
}
