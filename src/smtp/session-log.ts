import { Transcript } from './transcript.js';
import type { SessionInfo } from './types.js';

/**
 * The transcripts of the last `capacity` SMTP sessions, open or closed, in a ring: a new
 * session evicts the oldest. Capacity 0 keeps none (and costs nothing per session).
 */
export class SessionLog {
  private readonly ring: Array<Transcript | undefined>;
  private readonly byId = new Map<string, Transcript>();
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Transcript | undefined>(capacity);
  }

  /** Starts the transcript of a new session, or null when the log keeps none. */
  open(info: SessionInfo): Transcript | null {
    if (this.capacity === 0) return null;
    const evicted = this.ring[this.next];
    if (evicted && this.byId.get(evicted.info.id) === evicted) this.byId.delete(evicted.info.id);
    const transcript = new Transcript(info);
    this.ring[this.next] = transcript;
    this.byId.set(info.id, transcript);
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    return transcript;
  }

  /** Sessions kept right now. */
  get count(): number {
    return this.size;
  }

  /** A page of sessions, newest first. */
  list(start: number, limit: number): Transcript[] {
    const out: Transcript[] = [];
    for (let i = start; i < this.size && out.length < limit; i++) {
      const at = (this.next - 1 - i + this.capacity * 2) % this.capacity;
      out.push(this.ring[at]!);
    }
    return out;
  }

  /** One session by its id, if still kept. */
  get(id: string): Transcript | undefined {
    return this.byId.get(id);
  }
}
