/**
 * Reporting at scale: 1,000,000 requests' worth of figures, then timings of the province
 * summary and the per-city table, and freshness (event published -> visible in figures).
 *
 * Loading goes around Kafka: FerretDB here writes a few hundred documents a second, so
 * projecting ~5 million events one by one would take many hours. Instead the bench builds
 * every request's fact in memory, runs the service's own `contributions()` over them, and
 * bulk-writes what the consumer and the rollup would have written: one aggregated
 * contribution and one stored day per (city, day). The service then starts on that read model
 * (loading the days and rolling them up in memory, timed as "load"). Reports are timed for
 * standard periods and for an arbitrary range, and freshness goes through the real path:
 * Kafka -> consumer -> fact -> contribution -> day -> HTTP.
 *
 *   pnpm --filter @metrodesk/reporting bench     (REQUESTS=100000, ROUNDS, FRESH_SAMPLES to resize)
 */
import { Kafka, logLevel } from 'kafkajs';
import { signIdentity } from '@metrodesk/access';
import { createLogger } from '@metrodesk/logger';
import { eventFor, namespaced, uuidv7 } from '@metrodesk/events';
import { requestFiled, requestResolved, enterpriseRegistered } from '@metrodesk/contracts';
import { below, percentile, report, type Figure } from '@metrodesk/benchkit';
import { createReportingService } from '../src/service';
import { readConfig } from '../src/config';
import { BROKERS, cities, days, dropTopics, generate, MONGO_COMPAT, MONGO_URL, NAMESPACE, province, regionsFile, REQUESTS, timed, writeDays, YEAR } from './year';

const ROUNDS = Number(process.env.ROUNDS ?? 40);
const FRESH_SAMPLES = Number(process.env.FRESH_SAMPLES ?? 20);
/** An arbitrary range: days, months and quarters at both ends, no whole year. */
const RANGE = { from: `${YEAR}-02-10`, to: `${YEAR}-11-20` };
const DB = process.env.BENCH_DB ?? 'metrodesk_reporting_bench';
const SECRET = 'bench-identity-secret-0123456789';
const SOURCE = 'reporting-bench';

async function main() {
  const began = Date.now();
  let t = Date.now();
  generate();
  console.log(`generated ${REQUESTS.toLocaleString()} requests (+${(REQUESTS / 20).toLocaleString()} outreach, ${(REQUESTS / 500).toLocaleString()} sessions, ${(REQUESTS / 50).toLocaleString()} files) -> ${days.size} city-days in ${Date.now() - t} ms`);

  t = Date.now();
  const written = await writeDays(DB);
  const writeMs = Date.now() - t;
  console.log(`bulk-wrote ${written} days and as many contributions to ${DB} in ${writeMs} ms`);

  t = Date.now();
  const svc = await createReportingService(
    readConfig({ MONGO_URL, MONGO_COMPAT, KAFKA_BROKERS: BROKERS, MONGO_DB: DB, IDENTITY_SECRET: SECRET, REGIONS_FILE: regionsFile, CONSUMER_GROUP: `reporting-bench-${uuidv7()}`, CONSUMER_FROM_BEGINNING: 'false', KAFKA_NAMESPACE: NAMESPACE, LOG_LEVEL: 'warn' }),
    createLogger({ service: 'reporting-bench', level: 'warn' }),
  );
  const startMs = Date.now() - t;
  console.log(`service started on the read model (days loaded, rolled up in memory) in ${startMs} ms`);
  const port = await svc.start(0);
  const headers = { 'x-metrodesk-identity': signIdentity({ userId: 'bench', role: 'province_manager' }, SECRET, 7200) };
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const summary = await get(`/reports/summary?period=${YEAR}`);
  const table = (await get(`/reports/cities?period=${YEAR}`)) as { rows: Record<string, unknown>[] };
  console.log('\nprovince summary', YEAR, JSON.stringify(summary, null, 1).replace(/\n\s*/g, ' '));
  console.log('\nper-city table', YEAR);
  for (const r of table.rows) {
    const row = r as { region: { code: string; nameEn: string }; enterprisesServed: number; problemsSolved: number; solutionsProvided: number; requests: { total: number }; responseWithin24h: { rate: number }; resolutionOnTime: { rate: number }; satisfaction: { rate: number }; responseTime: { p50Minutes: number; p90Minutes: number } };
    console.log(
      `  ${row.region.code} ${row.region.nameEn.padEnd(9)} requests ${String(row.requests.total).padStart(6)}  served ${String(row.enterprisesServed).padStart(5)}  solved ${String(row.problemsSolved).padStart(6)}  solutions ${String(row.solutionsProvided).padStart(6)}  24h ${row.responseWithin24h.rate}%  on time ${row.resolutionOnTime.rate}%  satisfied ${row.satisfaction.rate}%  p50/p90 ${row.responseTime.p50Minutes}/${row.responseTime.p90Minutes} min`,
    );
  }
  console.log('\nnarrative (zh-CN):', (await get(`/reports/narrative?period=${YEAR}`)).text);
  console.log('narrative (en):', (await get(`/reports/narrative?period=${YEAR}&lang=en`)).text);

  // Timed over HTTP as a province-wide role; the ranged figures are checked against the
  // standard ones where they must agree (the range's quarters are part of the year).
  const range = `from=${RANGE.from}&to=${RANGE.to}`;
  const lat = {
    summaryYear: await timed(ROUNDS, async () => void (await get(`/reports/summary?period=${YEAR}`))),
    tableYear: await timed(ROUNDS, async () => void (await get(`/reports/cities?period=${YEAR}`))),
    summaryRange: await timed(ROUNDS, async () => void (await get(`/reports/summary?${range}`))),
    tableRange: await timed(ROUNDS, async () => void (await get(`/reports/cities?${range}`))),
    monthly: await timed(Math.ceil(ROUNDS / 4), async () => void (await get(`/reports/monthly?period=${YEAR}`))),
  };
  const ranged = (await get(`/reports/summary?${range}`)) as { enterprisesServed: number; requests: { total: number } };
  console.log(`\nprovince summary ${RANGE.from}..${RANGE.to}: ${ranged.requests.total} requests, ${ranged.enterprisesServed} enterprises served`);

  // Freshness: publish an event, poll the province figures until they show it.
  const kafka = new Kafka({ clientId: 'reporting-bench', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const probe = `bench-probe-${uuidv7()}`;
  const send = async (x: { topic: string; event: { subject: string } }) => producer.send({ topic: namespaced(NAMESPACE)(x.topic), messages: [{ key: x.event.subject, value: JSON.stringify(x.event) }] });
  const flags = { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false };
  for (let joined = false; !joined; ) {
    await send(eventFor(enterpriseRegistered, { subject: probe, source: SOURCE, data: { enterpriseId: probe, version: 1, uscc: '91210100000000000X', name: 'probe', provinceCode: province, cityCode: cities[0]!, status: 'active', tags: [], flags } }));
    for (let i = 0; i < 30 && !joined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      joined = (await svc.model.enterprises.findOne({ _id: probe })) !== null;
    }
  }
  const fresh: number[] = [];
  for (let i = 0; i < FRESH_SAMPLES; i++) {
    const before = (await get(`/reports/summary?period=${YEAR}`)) as { requests: { total: number }; solutionsProvided: number };
    const requestId = `bench-${uuidv7()}`;
    const day = `${YEAR}-06-${String(1 + (i % 28)).padStart(2, '0')}`;
    const refAt = (v: number, at: string) => ({ requestId, enterpriseId: probe, cityCode: cities[i % cities.length]!, category: 'other' as const, priority: 'normal' as const, version: v, cycle: 1, at });
    const start = Date.now();
    await send(eventFor(requestFiled, { subject: requestId, source: SOURCE, data: { ...refAt(1, `${day}T02:00:00Z`), title: 'bench', instruments: [], filedBy: 'b', filedByRole: 'enterprise' } }));
    await send(eventFor(requestResolved, { subject: requestId, source: SOURCE, data: { ...refAt(2, `${day}T05:00:00Z`), solved: true, solutionKind: 'other', by: 'b' } }));
    for (;;) {
      const s = (await get(`/reports/summary?period=${YEAR}`)) as typeof before;
      if (s.requests.total === before.requests.total + 1 && s.solutionsProvided === before.solutionsProvided + 1) break;
      if (Date.now() - start > 120_000) throw new Error('event never became visible');
      await new Promise((r) => setTimeout(r, 5));
    }
    fresh.push(Date.now() - start);
  }
  await producer.disconnect();
  await svc.stop();
  await dropTopics();

  const p = (xs: number[], q: number) => percentile(xs, q);
  const figures: Figure[] = [];
  const timing = (label: string, xs: number[], limit?: number) => {
    for (const q of [50, 95]) figures.push({ figure: `${label} p${q}`, value: p(xs, q), unit: 'ms', ...(limit !== undefined && q === 95 ? below(p(xs, q), limit, 'ms') : {}) });
  };
  timing(`province summary, year ${YEAR}`, lat.summaryYear, 300);
  timing(`per-city table, year ${YEAR}`, lat.tableYear, 300);
  timing(`province summary, ${RANGE.from}..${RANGE.to}`, lat.summaryRange, 300);
  timing(`per-city table, ${RANGE.from}..${RANGE.to}`, lat.tableRange, 300);
  timing('monthly series, province, year', lat.monthly);
  figures.push(
    { figure: 'load: bulk write of the read model', value: writeMs / 1000, unit: 's' },
    { figure: 'load: service start (days into memory)', value: startMs / 1000, unit: 's' },
    { figure: 'freshness p50 (published -> visible over HTTP)', value: p(fresh, 50), unit: 'ms', ...below(p(fresh, 50), 1000, 'ms') },
    { figure: 'freshness p99 (published -> visible over HTTP)', value: p(fresh, 99), unit: 'ms', ...below(p(fresh, 99), 1000, 'ms') },
  );
  report({
    name: 'reporting',
    load: `${REQUESTS.toLocaleString('en')} requests (+${(REQUESTS / 20).toLocaleString('en')} outreach, ${(REQUESTS / 500).toLocaleString('en')} sessions, ${(REQUESTS / 50).toLocaleString('en')} files), ${days.size} city-days; ${ROUNDS} rounds per query, ${FRESH_SAMPLES} freshness samples`,
    durationS: (Date.now() - began) / 1000,
    figures,
    notes: [`freshness samples (ms): ${fresh.join(', ')}`],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
