import type { Connection } from 'mongoose';

/**
 * FerretDB v1 applies an update by reading the document, changing it and writing it back,
 * without locking: two concurrent updates of one document lose one of them, and a
 * conditional findOneAndUpdate can let two writers "win" (both seen here under load). So
 * every write to a request document in this process goes through one queue per document.
 * MongoDB itself needs none of this; several instances on FerretDB would still race.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

export const docKey = (collection: string, id: unknown) => `${collection}:${String(id)}`;

type Filter = { _id?: unknown } & Record<string, unknown>;

/**
 * The connection as the outbox relay sees it: its updates (popping published events,
 * clearing the pending flag) take the same per-document lock as the service's own writes,
 * so a relay write can never overwrite a state change made in the meantime.
 */
export function lockedOutboxConnection(conn: Connection, lock: KeyedLock): Connection {
  const collection = (name: string) => {
    const col = conn.collection(name);
    return {
      find: col.find.bind(col),
      updateOne: (filter: Filter, update: object) => lock.run(docKey(name, filter._id), () => col.updateOne(filter as never, update)),
      // One statement under every document's lock, rather than one statement per document.
      updateMany: (filter: Filter, update: object) => {
        const ids = (filter._id as { $in?: unknown[] } | undefined)?.$in ?? [];
        const all = ids.reduceRight<() => Promise<unknown>>((inner, id) => () => lock.run(docKey(name, id), inner), () => col.updateMany(filter as never, update));
        return all();
      },
    };
  };
  return { collection } as unknown as Connection;
}
