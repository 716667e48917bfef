/**
 * Imports 10,000 enterprises through POST /imports/enterprises (CSV) into its own database
 * and reports rows per second; then imports the same file again (every row unchanged, so
 * nothing is written), and counts the enterprises stored, which must equal the rows.
 * The outbox relay is not started, so the bench publishes nothing to the shared Kafka, and
 * the bench database is dropped before and after, so runs compare.
 * Needs the local servers (deploy/local/up). Run: pnpm --filter @metrodesk/accounts bench
 * Environment: BENCH_ROWS (10000), MONGO_URL, KAFKA_BROKERS, MONGO_DB (metrodesk_accounts_bench).
 */
import { signIdentity } from '@metrodesk/access';
import { report, type Figure } from '@metrodesk/benchkit';
import { benchService } from './bench-service';
import { enterprisesCsv, importEnterprises } from './enterprises';
import { ENTERPRISES } from '../src/persistence/enterprise.model';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const SECRET = 'bench-identity-secret-0123456789';

function csvFile(): string {
  return enterprisesCsv(ROWS, (i) => `基准测试企业${i}`, {
    header: ['nameEn', 'industry', 'size', 'tags', 'contactPoint', 'keyEnergyUnit'],
    row: (i) => [`Bench Enterprise ${i}`, i % 2 ? '化工' : '仪器', 'small', 'bench', i % 7 === 0 ? '是' : '否', i % 11 === 0 ? 'yes' : 'no'],
  }).csv;
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
      const result = await importEnterprises(port, identity, file);
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
