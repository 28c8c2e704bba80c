/**
 * Keeps the first `headSize` and the last `tailSize` items of a sequence of any length and
 * counts the ones dropped between: memory stays bounded however long the sequence runs.
 */
export class HeadTail<T> {
  /** Items dropped from the middle. */
  omitted = 0;
  private readonly head: T[] = [];
  private readonly tail: T[] = [];
  private tailNext = 0;

  constructor(
    private readonly headSize: number,
    private readonly tailSize: number,
  ) {}

  push(item: T): void {
    if (this.head.length < this.headSize) {
      this.head.push(item);
    } else if (this.tail.length < this.tailSize) {
      this.tail.push(item);
    } else {
      this.tail[this.tailNext] = item;
      this.tailNext = (this.tailNext + 1) % this.tailSize;
      this.omitted++;
    }
  }

  /** Every kept item, in order; `omitted` says how many were dropped between head and tail. */
  items(): T[] {
    if (this.tail.length < this.tailSize) return this.head.concat(this.tail);
    return this.head.concat(this.tail.slice(this.tailNext), this.tail.slice(0, this.tailNext));
  }

  /** Items pushed in all, kept or not. */
  get count(): number {
    return this.head.length + this.tail.length + this.omitted;
  }
}
