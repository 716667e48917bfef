/**
 * A map that keeps at most `max` entries and forgets the least recently used first: the copies
 * a repository keeps of what it wrote last (reporting's days and facts, requests' SLA views),
 * so a replay of years keeps only what it is working on.
 */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value, without counting as a use. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** The value, now the most recently used. */
  use(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  /** Keeps the value as the most recently used, forgetting the least recently used past `max`. */
  set(key: K, value: V): void {
    // A Map iterates in insertion order: the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
