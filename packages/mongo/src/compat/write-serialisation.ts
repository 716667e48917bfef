import mongoose from 'mongoose';
import { KeyedLock, type Release } from './keyed-lock';

/**
 * FerretDB v1 runs an update as read, change in Go, write back, with no lock between the read
 * and the write, so concurrent conditional updates of one document can all "win"
 * (docs/decisions/0004). MongoDB has none of this. So when the server is FerretDB, this
 * process serialises its own writes:
 *   - a write whose filter names one `_id` waits only for other writes to that document;
 *   - any other write (updateMany, a filter on another field, bulkWrite) waits for every
 *     write to the collection, and they for it.
 * This makes each service process correct on FerretDB. Several processes of one service
 * on FerretDB could still race, so on FerretDB each service runs as one process (the local
 * and CI setups do); production runs on MongoDB, where MONGO_COMPAT is `none` and this is
 * never installed.
 */

/**
 * A readers-writer lock per collection, where "readers" are per-document writes (which
 * only exclude each other per _id) and the "writer" is a collection-wide write.
 */
class CollectionLock {
  private inFlight = 0;
  private wholePending = 0;
  private wholeTail: Promise<void> = Promise.resolve();
  private idleWaiters: (() => void)[] = [];
  private readonly docs = new KeyedLock();

  async doc(key: string): Promise<Release> {
    // Checked and counted in the same synchronous step, so no collection-wide write can
    // slip in between.
    while (this.wholePending > 0) await this.wholeTail;
    this.inFlight += 1;
    const release = await this.docs.acquire(key);
    return () => {
      release();
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((w) => w());
    };
  }

  async all(): Promise<Release> {
    this.wholePending += 1;
    const previous = this.wholeTail;
    let release!: Release;
    const mine = new Promise<void>((r) => (release = r));
    this.wholeTail = previous.then(() => mine);
    await previous;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    return () => {
      this.wholePending -= 1;
      release();
    };
  }
}

const locks = new Map<string, CollectionLock>();
const lockFor = (ns: string) => {
  let l = locks.get(ns);
  if (!l) locks.set(ns, (l = new CollectionLock()));
  return l;
};

function singleId(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const id = (filter as { _id?: unknown })._id;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string' || typeof id === 'number') return `${typeof id}:${id}`;
  if (typeof id === 'object' && typeof (id as { toHexString?: unknown }).toHexString === 'function') return `oid:${(id as { toHexString(): string }).toHexString()}`;
  return undefined;
}

const KEYED = ['updateOne', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne'] as const;
const WHOLE = ['updateMany', 'deleteMany', 'bulkWrite'] as const;

let installed = false;

export function writeSerializationInstalled(): boolean {
  return installed;
}

export function installWriteSerialization(): void {
  if (installed) return;
  installed = true;
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const ns = (self: unknown) => (self as { namespace: string }).namespace;
  for (const name of KEYED) {
    const original = proto[name]!;
    proto[name] = async function (this: unknown, ...args: unknown[]) {
      const id = singleId(args[0]);
      const lock = lockFor(ns(this));
      const release = id ? await lock.doc(id) : await lock.all();
      try {
        return await original.apply(this, args);
      } finally {
        release();
      }
    };
  }
  for (const name of WHOLE) {
    const original = proto[name]!;
    proto[name] = async function (this: unknown, ...args: unknown[]) {
      const release = await lockFor(ns(this)).all();
      try {
        return await original.apply(this, args);
      } finally {
        release();
      }
    };
  }
}
