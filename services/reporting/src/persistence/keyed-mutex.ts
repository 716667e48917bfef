/**
 * Runs tasks one at a time per key. FerretDB v1 applies a conditional update or an $inc as
 * read-then-write without a lock (20 concurrent $inc of one document leave it at 1; 20
 * concurrent compare-and-set updates all report success), so this process serialises every
 * write to one read-model document itself.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
