import mongoose from 'mongoose';
import { KeyedLock, type Release } from './keyed-lock';
import type { SharedWriteLocks } from './shared-lock';

/**
 * FerretDB v1 runs an update as read, change in Go, write back, with no lock between the read
 * and the write, so concurrent conditional updates of one document can all "win"
 * (docs/decisions/0004). MongoDB has none of this. So when the server is FerretDB, this
 * process serialises its own writes:
 *   - a write whose filter names one `_id` waits only for other writes to that document;
 *   - any other write (updateMany, a filter on another field, bulkWrite) waits for every
 *     write to the collection, and they for it.
 * This makes each service process correct on FerretDB. With shared locks (a Redis every
 * replica reaches, MONGO_COMPAT_LOCK_URL; see shared-lock.ts and docs/decisions/0010) each
 * write also takes the same lock in Redis, behind the in-process one, so a process sends
 * Redis at most one request per document or collection at a time and replicas of one
 * service exclude each other too. Production runs on MongoDB, where MONGO_COMPAT is `none`
 * and none of this is installed.
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

const onlyInserts = (ops: unknown): boolean => Array.isArray(ops) && ops.length > 0 && ops.every((op) => typeof op === 'object' && op !== null && Object.keys(op).length === 1 && 'insertOne' in op);

let installed = false;
let shared: SharedWriteLocks | undefined;

export function writeSerializationInstalled(): boolean {
  return installed;
}

/** Whether writes are also serialised across processes (shared locks in Redis). */
export function writeSerializationShared(): boolean {
  return shared !== undefined;
}

/** Runs one write under this process's lock for it, then the shared one when there is one. */
async function serialised<T>(ns: string, id: string | undefined, write: () => Promise<T>): Promise<T> {
  const local = lockFor(ns);
  const release = id ? await local.doc(id) : await local.all();
  try {
    const releaseShared = shared && (id ? await shared.doc(ns, id) : await shared.all(ns));
    try {
      return await write();
    } finally {
      // A failed release leaves the lock to expire: the write itself is done.
      await releaseShared?.().catch(() => undefined);
    }
  } finally {
    release();
  }
}

/**
 * Wraps the driver's writes (once per process). `locks`, when given, makes the serialisation
 * hold across processes; a process that installed without them keeps its mode.
 */
export function installWriteSerialization(locks?: SharedWriteLocks): void {
  if (installed) return;
  installed = true;
  shared = locks;
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const ns = (self: unknown) => (self as { namespace: string }).namespace;
  for (const name of [...KEYED, ...WHOLE]) {
    const original = proto[name]!;
    const keyed = (KEYED as readonly string[]).includes(name);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      // Inserts alone (insertMany comes here as one) are never serialised, like insertOne: an
      // insert reads nothing first, and the unique index decides a race between two.
      if (name === 'bulkWrite' && onlyInserts(args[0])) return original.apply(this, args);
      return serialised(ns(this), keyed ? singleId(args[0]) : undefined, () => original.apply(this, args));
    };
  }
}

/** Lets go of the shared lock store's connection (at stop); writes after this are refused. */
export async function closeSharedWriteLocks(): Promise<void> {
  await shared?.close();
}
