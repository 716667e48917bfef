/**
 * Everything the local MongoDB-wire server (FerretDB v1 on PostgreSQL) needs beyond what
 * MongoDB guarantees, in one place and switched on by one setting, MONGO_COMPAT:
 *   - `none` (MongoDB, production): nothing is installed;
 *   - `ferretdb-v1` (deploy/local, tests, CI): a process opens at most FERRETDB_V1_POOL_SIZE
 *     connections (docs/decisions/0013), serialises its own writes per
 *     document (see write-serialisation.ts and docs/decisions/0004), and, with
 *     MONGO_COMPAT_LOCK_URL, every process's writes through locks in a shared Redis
 *     (shared-lock.ts, docs/decisions/0010), so a service can run as several replicas.
 * The helpers that hold on both servers (duplicate-key translation, the bounded `$in`) are
 * always on; services use them instead of their own workarounds.
 */
import { mongoCompatModes, parseMongoCompat, parseMongoCompatLockUrl, type MongoCompat } from '@metrodesk/config';
import type { Logger } from '@metrodesk/logger';
import { SharedWriteLocks } from './shared-lock';
import { closeSharedWriteLocks, installWriteSerialization, writeSerializationInstalled, writeSerializationShared } from './write-serialisation';

export { KeyedLock, type Release } from './keyed-lock';
export { isDuplicateKey, duplicateIndexes } from './duplicate-key';
export { findWhereIn, updateEachById, IN_LOOKUP_MAX } from './lookups';
export { SharedWriteLocks, type SharedLockOptions } from './shared-lock';
export { installWriteSerialization, writeSerializationInstalled, writeSerializationShared, closeSharedWriteLocks };
export { mongoCompatModes, parseMongoCompat, parseMongoCompatLockUrl, type MongoCompat };

/**
 * FerretDB v1 deadlocks for good once as many updates run at once as its PostgreSQL pool has
 * connections (each holds one while it takes a second; docs/decisions/0013). A connection
 * runs one command at a time, so the server stays live while the connections all its clients
 * open stay under its pool: deploy/local/up sizes that pool (FERRETDB_PG_POOL) for this many a
 * process. Eight keep a 2-core FerretDB busy; more only queue there instead of in the driver.
 */
export const FERRETDB_V1_POOL_SIZE = 8;
const MONGODB_POOL_SIZE = 20;

/** How many connections a process opens to the server in the given mode. */
export function mongoPoolSize(mode: MongoCompat): number {
  return parseMongoCompat(mode) === 'ferretdb-v1' ? FERRETDB_V1_POOL_SIZE : MONGODB_POOL_SIZE;
}

/**
 * Puts the process in the given mode; a process holds one mode (the driver is shared).
 * `lockUrl` is the MONGO_COMPAT_LOCK_URL setting (read from the environment when not given):
 * with it, ferretdb-v1's write serialisation holds across processes.
 */
export function applyMongoCompat(mode: MongoCompat, logger: Logger, lockUrl = parseMongoCompatLockUrl(process.env.MONGO_COMPAT_LOCK_URL)): void {
  const wanted = parseMongoCompat(mode);
  if (wanted !== 'ferretdb-v1' || writeSerializationInstalled()) return;
  if (lockUrl) {
    logger.info('MONGO_COMPAT=ferretdb-v1: writes are serialised per document across every process sharing MONGO_COMPAT_LOCK_URL');
    installWriteSerialization(SharedWriteLocks.connect(lockUrl, { onLost: (key) => logger.error({ key }, 'a shared write lock expired while held: a write outlived its lock') }));
  } else {
    logger.warn('MONGO_COMPAT=ferretdb-v1: writes are serialised per document in this process only (run one process per service, or set MONGO_COMPAT_LOCK_URL)');
    installWriteSerialization();
  }
}
