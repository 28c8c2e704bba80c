/**
 * Collects a message's bytes as slices of the socket's chunks (no copy until the end), up to
 * `maxBytes`. Past the limit it keeps only the count: an oversized message is read to its end
 * and discarded, so a client cannot make us hold more than the limit in memory.
 */
export class MessageBuffer {
  private parts: Buffer[] = [];
  /** Bytes seen so far (kept or not). */
  size = 0;
  /** The limit was passed; the bytes are being discarded. */
  overflow = false;

  constructor(private readonly maxBytes: number) {}

  /** Adds `chunk[start..end)`. */
  add(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.size += end - start;
    if (this.overflow) return;
    if (this.size > this.maxBytes) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
  }

  /** The whole message, or null when it was over the limit. */
  toBuffer(): Buffer | null {
    if (this.overflow) return null;
    if (this.parts.length === 1) return this.parts[0];
    return Buffer.concat(this.parts, this.size);
  }
}
