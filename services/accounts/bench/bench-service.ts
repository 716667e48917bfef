import mongoose from 'mongoose';
import { createLogger } from '@metrodesk/logger';
import { readConfig } from '../src/config';
import { createAccountsService, type AccountsService } from '../src/service';

/**
 * The accounts service in this process on a free port, over a freshly dropped database of the
 * bench's own (kept when `keep` says what an earlier run left there is still wanted). The outbox relay and the consumers are not started: a bench publishes nothing to
 * the shared Kafka and reads nothing from it.
 */
export async function benchService(defaultDb: string, secret: string, env: Record<string, string> = {}, keep: (db: mongoose.Connection) => Promise<boolean> = async () => false): Promise<{ svc: AccountsService; port: number }> {
  const config = readConfig({
    ...process.env,
    MONGO_URL: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/',
    MONGO_COMPAT: process.env.MONGO_COMPAT ?? 'ferretdb-v1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:29092',
    MONGO_DB: process.env.MONGO_DB ?? defaultDb,
    IDENTITY_SECRET: secret,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const fresh = await mongoose.createConnection(config.MONGO_URL, { dbName: config.MONGO_DB }).asPromise();
  if (!(await keep(fresh))) await fresh.dropDatabase();
  await fresh.close();
  const svc = await createAccountsService(config, createLogger({ service: 'accounts-bench', level: 'warn' }));
  return { svc, port: await svc.runtime.listen(svc.app, 0) };
}
