import { parseMongoCompat } from '@metrodesk/config';

/** Connection settings of the real servers; defaults match deploy/local/env.sh. */
export const infra = {
  mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/',
  /** The MONGO_COMPAT the server behind mongoUrl needs; the default server is FerretDB v1. */
  mongoCompat: parseMongoCompat(process.env.MONGO_COMPAT ?? 'ferretdb-v1'),
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(','),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6390',
};
