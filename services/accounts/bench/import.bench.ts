/**
 * Imports 10,000 enterprises through POST /imports/enterprises (CSV) into its own database
 * and prints rows per second; then imports the same file again (every row unchanged).
 * The outbox relay is not started, so the bench publishes nothing to the shared Kafka, and
 * the bench database is dropped before and after, so runs compare.
 * Needs the local servers (deploy/local/up). Run: pnpm --filter @metrodesk/accounts bench
 * Environment: BENCH_ROWS (10000), MONGO_URL, KAFKA_BROKERS, MONGO_DB (metrodesk_accounts_bench).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import mongoose from 'mongoose';
import { signIdentity } from '@metrodesk/access';
import { createLogger } from '@metrodesk/logger';
import { readConfig } from '../src/config';
import { createAccountsService } from '../src/service';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const SECRET = 'bench-identity-secret-0123456789';
const CITIES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '210900', '211000', '211100', '211200', '211300', '211400'];

function csvFile(): string {
  const run = randomBytes(2).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '0');
  const lines = ['uscc,name,nameEn,cityCode,industry,size,tags,contactPoint,keyEnergyUnit'];
  for (let i = 0; i < ROWS; i++) {
    const body = (run + i.toString(31).toUpperCase().padStart(4, '0')).split('').map((c) => USCC_ALPHABET[parseInt(c, 36) % 31]).join('');
    const city = CITIES[i % CITIES.length]!;
    lines.push([makeUscc('9', '1', city.slice(0, 4) + '02', body), `基准测试企业${i}`, `Bench Enterprise ${i}`, city, i % 2 ? '化工' : '仪器', 'small', `bench;batch-${run}`, i % 7 === 0 ? '是' : '否', i % 11 === 0 ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n');
}

/** node:http rather than fetch: fetch gives up after 300 s without response headers, and a slow machine can take longer. */
function post(port: number, body: string, identity: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/imports/enterprises', method: 'POST', headers: { 'content-type': 'text/csv', 'x-metrodesk-identity': identity } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(JSON.parse(text));
        else reject(new Error(`import answered ${res.statusCode}: ${text.slice(0, 500)}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const config = readConfig({
    ...process.env,
    MONGO_URL: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:29092',
    MONGO_DB: process.env.MONGO_DB ?? 'metrodesk_accounts_bench',
    IDENTITY_SECRET: SECRET,
    LOG_LEVEL: 'warn',
  });
  const fresh = await mongoose.createConnection(config.MONGO_URL, { dbName: config.MONGO_DB }).asPromise();
  await fresh.dropDatabase();
  await fresh.close();
  const svc = await createAccountsService(config, createLogger({ service: 'accounts-bench', level: 'warn' }));
  const port = await svc.runtime.listen(svc.app, 0);
  const file = csvFile();
  const identity = signIdentity({ userId: 'bench', role: 'admin' }, SECRET, 3600);
  try {
    for (const round of ['first import', 're-import (unchanged)']) {
      const started = process.hrtime.bigint();
      const report = (await post(port, file, identity)) as { summary: Record<string, number> };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`${round}: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s`, JSON.stringify(report.summary));
    }
  } finally {
    await svc.runtime.mongo.dropDatabase();
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
