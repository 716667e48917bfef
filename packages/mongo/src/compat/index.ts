/**
 * Everything the local MongoDB-wire server (FerretDB v1 on PostgreSQL) needs beyond what
 * MongoDB guarantees, in one place and switched on by one setting, MONGO_COMPAT:
 *   - `none` (MongoDB, production): nothing is installed;
 *   - `ferretdb-v1` (deploy/local, tests, CI): this process serialises its own writes per
 *     document (see write-serialisation.ts and docs/decisions/0004).
 * The helpers that hold on both servers (duplicate-key translation, the bounded `$in`) are
 * always on; services use them instead of their own workarounds.
 */
import { mongoCompatModes, parseMongoCompat, type MongoCompat } from '@metrodesk/config';
import type { Logger } from '@metrodesk/logger';
import { installWriteSerialization, writeSerializationInstalled } from './write-serialisation';

export { KeyedLock, type Release } from './keyed-lock';
export { isDuplicateKey } from './duplicate-key';
export { findWhereIn, updateEachById, IN_LOOKUP_MAX } from './lookups';
export { installWriteSerialization, writeSerializationInstalled };
export { mongoCompatModes, parseMongoCompat, type MongoCompat };

/** Puts the process in the given mode; a process holds one mode (the driver is shared). */
export function applyMongoCompat(mode: MongoCompat, logger: Logger): void {
  const wanted = parseMongoCompat(mode);
  if (wanted === 'ferretdb-v1') {
    if (!writeSerializationInstalled()) logger.warn('MONGO_COMPAT=ferretdb-v1: writes are serialised per document in this process (run one process per service)');
    installWriteSerialization();
  }
}
