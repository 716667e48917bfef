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
 * BENCH_REUSE=1 keeps the database after the run (with a mark of the register it loaded), and a
 * run that finds the mark of exactly the asked-for instruments and enterprises skips steps 1–2
 * (the due runs of earlier scans are cleared first): to measure the scan and the view again after a change without loading for
 * half an hour.
 * Run: pnpm --filter @metrodesk/accounts bench:instruments (after pnpm build, servers up).
 * Environment: BENCH_INSTRUMENTS (1000000), BENCH_ENTERPRISES (5000), BENCH_VIEWS (300),
 * BENCH_INSERT_CONCURRENCY (2), BENCH_REUSE (unset), MONGO_URL, MONGO_DB (metrodesk_accounts_bench_instruments).
 */
import { loadavg } from 'node:os';
import { signIdentity } from '@metrodesk/access';
import { below, percentile, report, type Figure } from '@metrodesk/benchkit';
import { benchService } from './bench-service';
import type { Connection } from 'mongoose';
import type { AccountsService } from '../src/service';
import { call, enterprisesCsv, importEnterprises } from './enterprises';
import { ENTERPRISES } from '../src/persistence/enterprise.model';
import { DUE_RUNS, DUE_SCANS } from '../src/persistence/instrument-due.model';
import { MongoInstrumentRepository } from '../src/persistence/instrument.repository';
import { newInstrument } from '../src/use-cases/register-instrument';
import { INSTRUMENT_CLASSES, INSTRUMENT_USES, type InstrumentFields } from '../src/domain/instrument';
import { addDays, bureauDay } from '../src/domain/outreach';
import type { Enterprise } from '../src/domain/enterprise';

const INSTRUMENTS_N = Number(process.env.BENCH_INSTRUMENTS ?? 1_000_000);
const ENTERPRISES_N = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const VIEWS = Number(process.env.BENCH_VIEWS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_INSERT_CONCURRENCY ?? 2);
const REUSE = process.env.BENCH_REUSE === '1';
const LOADED = 'bench_loaded';
const SECRET = 'bench-identity-secret-0123456789';
const CYCLES = [6, 12, 24];

const loadAvg = () => loadavg().map((n) => n.toFixed(2)).join(' ');

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

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** Steps 1–2: the enterprises through the import API, their instruments through the import's own path below it. */
async function load(port: number, admin: string, svc: AccountsService, figures: Figure[], notes: string[]): Promise<{ enterprises: Enterprise[]; stored: number }> {
  let t = process.hrtime.bigint();
  const { csv, rows } = enterprisesCsv(ENTERPRISES_N, (i) => `器具基准企业${i}`);
  const imported = await importEnterprises(port, admin, csv);
  figures.push({ figure: 'enterprises imported', value: ENTERPRISES_N / seconds(t), unit: 'rows/s' });
  // The import answers each row's id; the city is the file's. newInstrument reads no more of an enterprise than these.
  const ids = new Map(imported.rows.map((r) => [r.uscc, r.id]));
  const enterprises = rows.map(({ uscc, cityCode }) => ({ id: ids.get(uscc)!, cityCode, status: 'active' }) as Enterprise);
  if (enterprises.some((e) => !e.id)) throw new Error(`enterprise import did not create every row: ${JSON.stringify(imported.summary)}`);
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
      if (e % 500 === 0) console.log(`  … ${inserted} instruments in ${seconds(t).toFixed(0)} s (load ${loadAvg()})`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const loadS = seconds(t);
  figures.push({ figure: 'instruments bulk-inserted', value: inserted / loadS, unit: 'instruments/s' });
  notes.push(`load average after loading (${loadS.toFixed(0)} s): ${loadAvg()}`);
  notes.push(`loaded below the HTTP edge: newInstrument (the registration/import rules) + MongoInstrumentRepository.insertAll per enterprise, ${CONCURRENCY} at a time, ${perEnterprise} instruments each`);
  return { enterprises, stored: inserted };
}

async function main() {
  // A count of the register is no cheap question on FerretDB v1 (it decodes every document), so a load leaves a mark of what it stored.
  const loaded = async (db: Connection) => !!(await db.collection(LOADED).findOne({ _id: 'register', instruments: INSTRUMENTS_N, enterprises: ENTERPRISES_N } as never));
  const { svc, port } = await benchService('metrodesk_accounts_bench_instruments', SECRET, { DUE_SCAN_INTERVAL_MS: '0' }, async (db) => REUSE && (await loaded(db)));
  const admin = signIdentity({ userId: 'bench', role: 'admin' }, SECRET, 7200);
  const benchStarted = process.hrtime.bigint();
  const figures: Figure[] = [];
  const notes: string[] = [`load average (1, 5, 15 min) at start: ${loadAvg()}`];
  try {
    const db = svc.runtime.mongo;
    const reused = REUSE && (await loaded(db));
    let enterprises: Enterprise[];
    let stored = INSTRUMENTS_N;
    if (reused) {
      enterprises = (await db.collection(ENTERPRISES).find({}, { projection: { _id: 1, cityCode: 1 } }).toArray()).map((d) => ({ id: String(d._id), cityCode: d.cityCode as string, status: 'active' }) as Enterprise);
      await Promise.all([db.collection(DUE_RUNS).deleteMany({}), db.collection(DUE_SCANS).deleteMany({})]);
      notes.push(`reused the instruments and enterprises of an earlier run (BENCH_REUSE=1); its due runs cleared`);
    } else {
      ({ enterprises, stored } = await load(port, admin, svc, figures, notes));
      figures.push({ figure: 'instruments registered (acknowledged)', value: stored, unit: 'instruments', target: `= ${INSTRUMENTS_N}`, met: stored === INSTRUMENTS_N });
      if (REUSE) await db.collection(LOADED).insertOne({ _id: 'register', instruments: stored, enterprises: enterprises.length } as never);
    }

    const t = process.hrtime.bigint();
    const scan = await call(port, 'POST', '/admin/instruments/due-scan', admin, '{}');
    const scanS = seconds(t);
    if (scan.status !== 200) throw new Error(`due scan answered ${scan.status}: ${scan.text.slice(0, 300)}`);
    const found = JSON.parse(scan.text) as { enterprises: number; published: number; instruments: number };
    figures.push({ figure: 'due-date scan', value: scanS, unit: 's', ...below(scanS, 60, 's') });
    figures.push({ figure: 'instruments due (incl. overdue)', value: found.instruments, unit: 'instruments' });
    figures.push({ figure: 'enterprises with due runs stored', value: found.published, unit: 'enterprises' });
    notes.push(`load average after the scan: ${loadAvg()}`);

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
    figures.push({ figure: 'per-enterprise view p99', value: percentile(samples, 99), unit: 'ms' });
    notes.push(`load average at the end: ${loadAvg()}`);
    report({
      name: 'accounts-instruments',
      load: `${INSTRUMENTS_N} instruments of ${ENTERPRISES_N} enterprises; one due-date scan; ${VIEWS} per-enterprise views (first page of 50)`,
      durationS: seconds(benchStarted),
      figures,
      notes,
    });
    if (stored !== INSTRUMENTS_N) process.exitCode = 1;
  } finally {
    if (!REUSE) await svc.runtime.mongo.dropDatabase();
    await svc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
