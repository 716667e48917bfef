import mongoose, { type Connection, type Model, type UpdateQuery } from 'mongoose';
import type { Logger } from '@metrodesk/logger';
import { NotFoundError, VersionConflictError } from '@metrodesk/errors';
import { installWriteSerialization } from './serialize';

export { installWriteSerialization, writeSerializationInstalled } from './serialize';

export interface MongoOptions {
  url: string;
  dbName: string;
  logger: Logger;
  /** How long to keep trying at start-up before giving up. */
  connectTimeoutMs?: number;
}

/**
 * Opens a connection, retrying until the server answers or the timeout passes. Each
 * service uses its own database on the shared server (or cluster).
 */
export async function connectMongo({ url, dbName, logger, connectTimeoutMs = 30000 }: MongoOptions): Promise<Connection> {
  const deadline = Date.now() + connectTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    const conn = mongoose.createConnection(url, {
      dbName,
      serverSelectionTimeoutMS: 3000,
      maxPoolSize: 20,
      // FerretDB v1 and MongoDB both accept these; no retryable writes on FerretDB.
      retryWrites: false,
      autoIndex: true,
    });
    try {
      await conn.asPromise();
      const info = await conn.db!.admin().command({ buildInfo: 1 });
      if (info.ferretdbVersion) {
        installWriteSerialization();
        logger.warn({ ferretdbVersion: info.ferretdbVersion }, 'server is FerretDB: writes are serialised per document in this process (run one process per service)');
      }
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

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

export { mongoose };
export type { Connection };
