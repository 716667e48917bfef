import mongoose, { type Connection, type Model, type UpdateQuery } from 'mongoose';
import type { Logger } from '@metrodesk/logger';
import { NotFoundError, VersionConflictError } from '@metrodesk/errors';
import { applyMongoCompat, isDuplicateKey, mongoPoolSize, type MongoCompat } from './compat';

export * from './compat';

export interface MongoOptions {
  url: string;
  dbName: string;
  logger: Logger;
  /** The MONGO_COMPAT setting: what the server needs beyond MongoDB's guarantees (see ./compat). */
  compat: MongoCompat;
  /** How long to keep trying at start-up before giving up. */
  connectTimeoutMs?: number;
}

/**
 * Opens a connection, retrying until the server answers or the timeout passes. Each
 * service uses its own database on the shared server (or cluster).
 */
export async function connectMongo({ url, dbName, logger, compat, connectTimeoutMs = 30000 }: MongoOptions): Promise<Connection> {
  applyMongoCompat(compat, logger);
  const deadline = Date.now() + connectTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    const conn = mongoose.createConnection(url, {
      dbName,
      serverSelectionTimeoutMS: 3000,
      maxPoolSize: mongoPoolSize(compat),
      // FerretDB v1 and MongoDB both accept these; no retryable writes on FerretDB.
      retryWrites: false,
      autoIndex: true,
      // Counted per command name for /metrics: database operations per event are what the
      // pipeline's throughput on the local server comes down to.
      monitorCommands: true,
    });
    try {
      await conn.asPromise();
      countCommands(conn);
      logger.info({ dbName, attempt }, 'connected to MongoDB');
      return conn;
    } catch (err) {
      await conn.close().catch(() => undefined);
      if (Date.now() > deadline) throw err;
      logger.warn({ err: (err as Error).message, attempt }, 'MongoDB not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
    }
  }
}

const commandCounts = new WeakMap<Connection, Map<string, number>>();

function countCommands(conn: Connection): void {
  const counts = new Map<string, number>();
  commandCounts.set(conn, counts);
  conn.getClient().on('commandStarted', (e: { commandName: string }) => counts.set(e.commandName, (counts.get(e.commandName) ?? 0) + 1));
}

/** Database commands this connection has sent since it opened, by command name (find, insert, update, ...). */
export function mongoCommandCounts(conn: Connection): ReadonlyMap<string, number> {
  return commandCounts.get(conn) ?? new Map();
}

/** Readiness: the server answers a ping within the timeout. */
export async function mongoReady(conn: Connection, timeoutMs = 1500): Promise<boolean> {
  const db = conn.db;
  if (!db || conn.readyState !== 1) return false;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Optimistic concurrency: applies `update` only if the document is still at `expectedVersion`,
 * and bumps the version in the same atomic write. A stale write gets VersionConflictError;
 * a missing document NotFoundError.
 */
export async function updateVersioned<T extends { version: number }>(
  model: Model<T>,
  what: string,
  id: string,
  expectedVersion: number,
  update: UpdateQuery<T>,
  extraFilter: Record<string, unknown> = {},
): Promise<T> {
  const { $inc, ...rest } = update as UpdateQuery<T> & { $inc?: Record<string, number> };
  const doc = await model
    .findOneAndUpdate({ _id: id, version: expectedVersion, ...extraFilter } as never, { ...rest, $inc: { ...($inc ?? {}), version: 1 } } as never, {
      new: true,
    })
    .lean<T>()
    .exec();
  if (doc) return doc;
  const current = await model.findOne({ _id: id, ...extraFilter } as never, { version: 1 }).lean<{ version: number }>().exec();
  if (!current) throw new NotFoundError(what, id);
  throw new VersionConflictError(what, id, expectedVersion, current.version);
}

/** Drops keys whose value is undefined, so a partial patch or filter never sets or matches a field to nothing. */
export function definedOnly<T extends object>(patch: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/** What `upsertNewer` writes through: a mongoose model or a driver collection. */
export interface UpdatesOne {
  updateOne(filter: never, update: never, options: { upsert: true }): PromiseLike<{ modifiedCount: number; upsertedCount: number }>;
}

/**
 * A projection's write of an event-carried copy: stores `fields` under `id` unless a copy of the
 * same or a newer `version` is there, so an event that comes again or late never rolls the copy
 * back. True when it stored something. The filter matches only an older copy; with none at all the
 * upsert inserts, and with a newer one the upsert's insert clashes on `_id`, which means "stale".
 */
export async function upsertNewer<F extends { version: number }>(target: UpdatesOne, id: string, fields: F): Promise<boolean> {
  try {
    const res = await target.updateOne({ _id: id, version: { $lt: fields.version } } as never, { $set: fields } as never, { upsert: true });
    return res.modifiedCount + res.upsertedCount > 0;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * The next number of a named series: one document per series in `collection`, and an
 * atomic `$inc` with upsert hands out each number exactly once, also to racing callers.
 * Numbers start at 1 and have no gaps unless a caller drops the number it was given. With
 * `count` the caller takes that many consecutive numbers at once; the last of them is returned.
 */
export async function nextInSequence(conn: Connection, collection: string, series: string, count = 1): Promise<number> {
  const col = conn.collection<{ _id: string; seq: number }>(collection);
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await col.findOneAndUpdate({ _id: series }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' });
      if (!doc) throw new Error(`sequence ${collection}/${series} returned nothing`);
      return doc.seq;
    } catch (err) {
      // The first two upserts of a series race on _id; the loser retries and increments the
      // winner's document.
      if (!isDuplicateKey(err) || attempt >= 5) throw err;
    }
  }
}

export * from './model-repository';
export * from './event-copies';
export * from './keyed-insert';
export * from './coalesce';
export * from './recently-used';
export { mongoose };
export type { Connection };
