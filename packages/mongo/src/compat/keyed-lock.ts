export type Release = () => void;

/**
 * Runs work one at a time per key, in arrival order; different keys never wait for each
 * other. A failed task releases its key like a successful one. Keys are forgotten once idle.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits until every earlier holder of `key` has released it; the caller must release it in turn. */
  async acquire(key: string): Promise<Release> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let open!: () => void;
    const mine = new Promise<void>((r) => (open = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      open();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Keys held or waited for now. */
  get busyKeys(): number {
    return this.tails.size;
  }
}
