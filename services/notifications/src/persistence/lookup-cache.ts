/**
 * Read-mostly look-ups (people, preferences, active webhooks) reused for a short while: at
 * tens of events a second most events ask for what the one before asked. The promise is kept,
 * so lanes asking at once share one query. A write through this process drops everything at
 * once; a write made by another process of the service is seen after at most `ttlMs`.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && at - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.dropExpired(at);
    const value = load();
    this.entries.set(key, { at, value });
    // A failed look-up is not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private dropExpired(at: number): void {
    for (const [k, e] of this.entries) if (at - e.at >= this.ttlMs) this.entries.delete(k);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
