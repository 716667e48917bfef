/**
 * Imports 10,000 enterprises through POST /imports/enterprises (CSV) into its own database
 * and reports rows per second; then imports the same file again (every row unchanged, so
 * nothing is written), and counts the enterprises stored, which must equal the rows.
 * The outbox relay is not started, so the bench publishes nothing to the shared Kafka, and
 * the bench database is dropped before and after, so runs compare.
 * Needs the local servers (deploy/local/up). Run: pnpm --filter @metrodesk/accounts bench
 * Environment: BENCH_ROWS (10000), MONGO_URL, KAFKA_BROKERS, MONGO_DB (metrodesk_accounts_bench).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { signIdentity } from '@metrodesk/access';
import { report, type Figure } from '@metrodesk/benchkit';
import { benchService } from './bench-service';
import { ENTERPRISES } from '../src/persistence/enterprise.model';
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
  const { svc, port } = await benchService('metrodesk_accounts_bench', SECRET);
  const file = csvFile();
  const identity = signIdentity({ userId: 'bench', role: 'admin' }, SECRET, 3600);
  const benchStarted = process.hrtime.bigint();
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    for (const [round, expect] of [['first import', 'created'], ['re-import (unchanged)', 'unchanged']] as const) {
      const started = process.hrtime.bigint();
      const result = (await post(port, file, identity)) as { summary: Record<string, number> };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      figures.push({ figure: `${round} rows/s`, value: ROWS / seconds, unit: 'rows/s' });
      if (result.summary[expect] !== ROWS) notes.push(`${round}: expected ${ROWS} ${expect}, got ${JSON.stringify(result.summary)}`);
    }
    const stored = await svc.runtime.mongo.collection(ENTERPRISES).countDocuments({});
    figures.push({ figure: 'enterprises afterwards', value: stored, unit: 'enterprises', target: `= ${ROWS}`, met: stored === ROWS });
    report({
      name: 'accounts-import',
      load: `${ROWS} enterprises in one CSV through POST /imports/enterprises, then the same file again`,
      durationS: Number(process.hrtime.bigint() - benchStarted) / 1e9,
      figures,
      notes,
    });
    if (notes.length > 0 || stored !== ROWS) process.exitCode = 1;
  } finally {
    await svc.runtime.mongo.dropDatabase();
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
