/** Runs at most `limit` tasks at once; the rest wait in order. */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Tasks running or waiting. */
  get load(): number {
    return this.active + this.waiting.length;
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** One gate per key (a host), made on first use and dropped when idle. */
export class KeyedGates {
  private readonly gates = new Map<string, ConcurrencyGate>();

  constructor(private readonly limitPerKey: number) {}

  /** Runs `task` under the gate of `key`. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let gate = this.gates.get(key);
    if (!gate) this.gates.set(key, (gate = new ConcurrencyGate(this.limitPerKey)));
    try {
      return await gate.run(task);
    } finally {
      if (gate.load === 0) this.gates.delete(key);
    }
  }
}
