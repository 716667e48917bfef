/**
 * The instrument registry at 1,000,000 instruments: the daily falling-due scan and the
 * per-enterprise view.
 *
 * 1. Registers BENCH_ENTERPRISES enterprises through POST /imports/enterprises (CSV), the way
 *    a bureau loads them.
 * 2. Loads BENCH_INSTRUMENTS instruments spread evenly over them. Through the API that would take
 *    hours on FerretDB, so each enterprise's instruments go through the import's own code path
 *    below the HTTP edge: `newInstrument` (the rules and derived due day every registration
 *    and import applies) and `MongoInstrumentRepository.insertAll` (the import's all-or-none
 *    batch insert), one batch per enterprise. Cycles are 6, 12 or 24 months and last
 *    verifications spread over the cycle before today, 3 % of them a cycle earlier (overdue),
 *    so about a tenth fall due within the 30-day horizon, as a steady register would.
 * 3. Times POST /admin/instruments/due-scan (target < 60 s): it reads every in-use instrument due
 *    by the horizon and stores one due run per enterprise with its event.
 * 4. Times GET /instruments?enterpriseId=… for BENCH_VIEWS enterprises picked at random, as the
 *    enterprise itself (target p95 < 100 ms).
 * The outbox relay is not started, so nothing is published to the shared Kafka; the bench's
 * database is dropped before and after. The load average is printed before and after.
 * Run: pnpm --filter @metrodesk/accounts bench:instruments (after pnpm build, servers up).
 * Environment: BENCH_INSTRUMENTS (1000000), BENCH_ENTERPRISES (5000), BENCH_VIEWS (300),
 * BENCH_INSERT_CONCURRENCY (2), MONGO_URL, MONGO_DB (metrodesk_accounts_bench_instruments).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { signIdentity } from '@metrodesk/access';
import { below, percentile, report, type Figure } from '@metrodesk/benchkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { benchService } from './bench-service';
import { ENTERPRISES } from '../src/persistence/enterprise.model';
import { INSTRUMENTS } from '../src/persistence/instrument.model';
import { MongoInstrumentRepository } from '../src/persistence/instrument.repository';
import { newInstrument } from '../src/use-cases/register-instrument';
import { INSTRUMENT_CLASSES, INSTRUMENT_USES, type InstrumentFields } from '../src/domain/instrument';
import { addDays, bureauDay } from '../src/domain/outreach';
import type { Enterprise } from '../src/domain/enterprise';

const INSTRUMENTS_N = Number(process.env.BENCH_INSTRUMENTS ?? 1_000_000);
const ENTERPRISES_N = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const VIEWS = Number(process.env.BENCH_VIEWS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_INSERT_CONCURRENCY ?? 2);
const SECRET = 'bench-identity-secret-0123456789';
const CITIES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '210900', '211000', '211100', '211200', '211300', '211400'];
const CYCLES = [6, 12, 24];

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

function enterprisesCsv(): string {
  const run = randomBytes(2).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '0');
  const lines = ['uscc,name,cityCode'];
  for (let i = 0; i < ENTERPRISES_N; i++) {
    const body = (run + i.toString(31).toUpperCase().padStart(4, '0')).split('').map((c) => USCC_ALPHABET[parseInt(c, 36) % 31]).join('');
    const city = CITIES[i % CITIES.length]!;
    lines.push([makeUscc('9', '1', city.slice(0, 4) + '02', body), `器具基准企业${i}`, city].join(','));
  }
  return lines.join('\n');
}

/** node:http rather than fetch: fetch gives up after 300 s without response headers. */
function call(port: number, method: string, path: string, identity: string, body?: string, type = 'application/json'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { 'content-type': type, 'x-metrodesk-identity': identity } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The k-th instrument of an enterprise, as a person would state it. */
function fields(k: number, today: string): InstrumentFields {
  const cycleMonths = CYCLES[k % CYCLES.length]!;
  // Spread over the cycle before today; every 33rd one a whole cycle earlier still (overdue).
  const cycleDays = Math.round(cycleMonths * 30.4);
  const back = 1 + ((k * 7919) % (cycleDays - 1)) + (k % 33 === 0 ? cycleDays : 0);
  const instrumentClass = INSTRUMENT_CLASSES[k % INSTRUMENT_CLASSES.length]!;
  return {
    instrumentClass, model: null, serialNo: `B${k.toString(36).padStart(6, '0')}`, location: null, use: INSTRUMENT_USES[k % INSTRUMENT_USES.length]!,
    compulsory: null, cycleMonths, lastVerifiedOn: addDays(today, -back), certificateNo: null, status: 'in_use',
  };
}

async function main() {
  const { svc, port } = await benchService('metrodesk_accounts_bench_instruments', SECRET, { DUE_SCAN_INTERVAL_MS: '0' });
  const admin = signIdentity({ userId: 'bench', role: 'admin' }, SECRET, 7200);
  const benchStarted = process.hrtime.bigint();
  const figures: Figure[] = [];
  const notes: string[] = [`load average (1, 5, 15 min) at start: ${load()}`];
  const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
  try {
    let t = process.hrtime.bigint();
    const imported = await call(port, 'POST', '/imports/enterprises', admin, enterprisesCsv(), 'text/csv');
    if (imported.status !== 200) throw new Error(`enterprise import answered ${imported.status}: ${imported.text.slice(0, 300)}`);
    figures.push({ figure: 'enterprises imported', value: ENTERPRISES_N / seconds(t), unit: 'rows/s' });

    const enterprises = (await svc.runtime.mongo.collection(ENTERPRISES).find({}, { projection: { _id: 1, cityCode: 1, status: 1 } }).toArray()).map(
      (d) => ({ id: String(d._id), cityCode: d.cityCode as string, status: d.status as Enterprise['status'] }) as Enterprise,
    );
    const repo = new MongoInstrumentRepository(svc.runtime.mongo);
    const today = bureauDay(new Date());
    const perEnterprise = Math.ceil(INSTRUMENTS_N / enterprises.length);
    t = process.hrtime.bigint();
    let next = 0;
    let inserted = 0;
    const worker = async () => {
      for (let e = next++; e < enterprises.length; e = next++) {
        const now = new Date();
        const count = Math.min(perEnterprise, INSTRUMENTS_N - e * perEnterprise);
        if (count <= 0) return;
        const batch = Array.from({ length: count }, (_, k) => newInstrument(enterprises[e]!, fields(e * perEnterprise + k, today), now));
        const { taken } = await repo.insertAll(batch);
        if (taken.length > 0) throw new Error(`serial numbers taken in enterprise ${enterprises[e]!.id}`);
        inserted += count;
        if (e % 500 === 0) console.log(`  … ${inserted} instruments in ${seconds(t).toFixed(0)} s (load ${load()})`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const loadS = seconds(t);
    figures.push({ figure: 'instruments bulk-inserted', value: inserted / loadS, unit: 'instruments/s' });
    const stored = await svc.runtime.mongo.collection(INSTRUMENTS).estimatedDocumentCount();
    figures.push({ figure: 'instruments registered', value: stored, unit: 'instruments', target: `= ${INSTRUMENTS_N}`, met: stored === INSTRUMENTS_N });
    notes.push(`load average after loading (${loadS.toFixed(0)} s): ${load()}`);

    t = process.hrtime.bigint();
    const scan = await call(port, 'POST', '/admin/instruments/due-scan', admin, '{}');
    const scanS = seconds(t);
    if (scan.status !== 200) throw new Error(`due scan answered ${scan.status}: ${scan.text.slice(0, 300)}`);
    const found = JSON.parse(scan.text) as { enterprises: number; published: number; instruments: number };
    figures.push({ figure: 'due-date scan', value: scanS, unit: 's', ...below(scanS, 60, 's') });
    figures.push({ figure: 'instruments due (incl. overdue)', value: found.instruments, unit: 'instruments' });
    figures.push({ figure: 'enterprises with due runs stored', value: found.published, unit: 'enterprises' });
    notes.push(`load average after the scan: ${load()}`);

    // The same round trip to /healthz, which reads no data: what the machine itself adds to each call.
    const baseline: number[] = [];
    for (let v = 0; v < VIEWS; v++) {
      const started = process.hrtime.bigint();
      await call(port, 'GET', '/healthz', admin);
      baseline.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    figures.push({ figure: 'round trip to /healthz p95 (no data read)', value: percentile(baseline, 95), unit: 'ms' });
    const samples: number[] = [];
    for (let v = 0; v < VIEWS; v++) {
      const e = enterprises[Math.floor(Math.random() * enterprises.length)]!;
      const who = signIdentity({ userId: `ent-${e.id}`, role: 'enterprise', enterpriseId: e.id }, SECRET, 3600);
      const started = process.hrtime.bigint();
      const res = await call(port, 'GET', `/instruments?enterpriseId=${encodeURIComponent(e.id)}&limit=50`, who);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`enterprise view answered ${res.status}: ${res.text.slice(0, 300)}`);
    }
    const p95 = percentile(samples, 95);
    figures.push({ figure: 'per-enterprise view p50', value: percentile(samples, 50), unit: 'ms' });
    figures.push({ figure: 'per-enterprise view p95', value: p95, unit: 'ms', ...below(p95, 100, 'ms') });
    notes.push(`load average at the end: ${load()}`);
    notes.push(`loaded below the HTTP edge: newInstrument (the registration/import rules) + MongoInstrumentRepository.insertAll per enterprise, ${CONCURRENCY} at a time, ${perEnterprise} instruments each`);
    report({
      name: 'accounts-instruments',
      load: `${INSTRUMENTS_N} instruments of ${ENTERPRISES_N} enterprises; one due-date scan; ${VIEWS} per-enterprise views (first page of 50)`,
      durationS: seconds(benchStarted),
      figures,
      notes,
    });
    if (stored !== INSTRUMENTS_N) process.exitCode = 1;
  } finally {
    await svc.runtime.mongo.dropDatabase();
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
