/**
 * The annual work summary at scale (issue 20): a province year of 1,000,000 requests and
 * 100,000 programme records, then GET the annual summary (zh-CN and en), the programme report
 * and the summary's .docx, each timed over HTTP as the provincial bureau; target p95 < 1 s.
 *
 * Loading goes around Kafka, as load.ts does for the requests (FerretDB here writes a few
 * hundred documents a second: 1M requests' events and 100k programme events one by one would
 * take many hours). The requests' facts are built in memory and folded through the service's
 * own `contributions()`; the programme records are generated as the programmes consumer would
 * hold them and folded through the same `programmeContributions()` / `collectionContributions()`
 * the consumer calls. Every (city, day) is bulk-written as the rollup stores it (one day
 * document, one contribution), and the records themselves are bulk-written to the programme
 * store's collection (the report reads its campaigns from there). The service then starts on
 * that database as it would after a restart. Before timing, the programme report over HTTP is
 * checked against the records folded one by one (`programmeFigures`), so the cells are known to
 * give every figure of the records.
 *
 *   pnpm --filter @metrodesk/reporting bench:programmes   (REQUESTS, PROGRAMME_RECORDS, ROUNDS to resize)
 */
import { isDeepStrictEqual } from 'node:util';
import { signIdentity } from '@metrodesk/access';
import { createLogger } from '@metrodesk/logger';
import { uuidv7 } from '@metrodesk/events';
import { loadavg } from 'node:os';
import { below, percentile, report, type Figure } from '@metrodesk/benchkit';
import { VENUE_KINDS } from '@metrodesk/contracts';
import { createReportingService } from '../src/service';
import { readConfig } from '../src/config';
import { PROGRAMMES, programmeFigures, type ProgrammeRecord } from '../src/domain/programme-records';
import { collectionContributions, programmeContributions } from '../src/domain/programme-cells';
import { PROGRAMME_RECORDS } from '../src/persistence/programme.repository';
import { addContributions, insertAll, BROKERS, cities, days, DAY, dropTopics, generate, iso, MONGO_COMPAT, MONGO_URL, NAMESPACE, pick, province, regionsFile, REQUESTS, rnd, timed, writeDays, YEAR, yearStart } from './year';

const RECORDS = Number(process.env.PROGRAMME_RECORDS ?? 100_000);
const ENTERPRISES = Number(process.env.ENTERPRISES ?? 60_000);
const ROUNDS = Number(process.env.ROUNDS ?? 60);
const DB = process.env.BENCH_DB ?? 'metrodesk_reporting_bench_programmes';
const SECRET = 'bench-identity-secret-0123456789';
const TARGET_MS = 1000;

const dayOfYear = () => iso(yearStart + Math.floor(rnd() * 364) * DAY + DAY / 2).slice(0, 10);
const small = (max: number) => Math.floor(rnd() * max);

/** A provincial year in the proportions of the 2016 summary: mostly campaign activities. */
function programmeRecords(): ProgrammeRecord[] {
  const out: ProgrammeRecord[] = [];
  const campaigns: Extract<ProgrammeRecord, { kind: 'campaign' }>[] = [];
  for (let i = 0; i < 300; i++) {
    const byProvince = i < 20;
    const start = Math.floor(rnd() * 300);
    const city = pick(cities);
    campaigns.push({
      kind: 'campaign', key: `c:k${i}`, version: 1, cityCode: byProvince ? province : city, day: iso(yearStart + start * DAY + DAY / 2).slice(0, 10),
      name: `${byProvince ? '全省' : ''}专项活动${i}`, programme: pick(PROGRAMMES), startDate: iso(yearStart + start * DAY + DAY / 2).slice(0, 10), endDate: iso(yearStart + Math.min(364, start + 30 + small(120)) * DAY + DAY / 2).slice(0, 10),
      cityCodes: byProvince ? cities : [city],
    });
  }
  out.push(...campaigns);
  const ent = () => {
    const e = small(ENTERPRISES);
    return { enterpriseId: `ent-${e}`, cityCode: cities[e % cities.length]! };
  };
  const n = (share: number) => Math.round(RECORDS * share);
  for (let i = 0; i < n(0.6); i++) {
    const c = pick(campaigns);
    const checked = small(200);
    out.push({
      kind: 'activity', key: `a:${i}`, version: 1 + small(2), cityCode: pick(c.cityCodes), day: dayOfYear(), campaignId: c.key.slice(2), programme: c.programme, venueKind: pick(VENUE_KINDS), venues: 1 + small(5),
      instrumentsChecked: checked, instrumentsVerifiedFree: small(checked + 1), peopleServed: small(300), problemsFound: small(4), requestsOpened: small(2), mediaReports: small(2),
    });
  }
  for (let i = 0; i < n(0.15); i++) {
    const c = pick(campaigns);
    out.push({ kind: 'outreach', key: `o:${i}`, version: 1, ...ent(), day: dayOfYear(), campaignId: c.key.slice(2), programme: c.programme });
  }
  for (let i = 0; i < n(0.1); i++) out.push({ kind: 'visit', key: `v:${i}`, version: 1, cityCode: pick(cities), day: dayOfYear(), instrumentsVerified: 1 + small(20), freeOfCharge: rnd() < 0.4 });
  for (let i = 0; i < n(0.05); i++) out.push({ kind: 'benefit', key: `b:${i}`, version: 1, cityCode: pick(cities), day: dayOfYear(), hasBenefit: rnd() < 0.7, amountYuan: rnd() < 0.5 ? small(10_000_000) / 100 : null, banners: small(2), letters: small(2) });
  for (let i = 0; i < n(0.04); i++) {
    const signed = dayOfYear();
    out.push({ kind: 'commitment', key: `k:${i}`, version: 1, ...ent(), day: signed, withdrawnOn: rnd() < 0.05 ? signed : null });
  }
  for (let i = 0; i < n(0.01); i++) out.push({ kind: 'demonstration', key: `d:${i}`, version: 1, ...ent(), day: dayOfYear(), revoked: rnd() < 0.05 });
  for (let i = 0; i < n(0.03); i++) out.push({ kind: 'review', key: `r:${i}`, version: 1, ...ent(), day: dayOfYear(), instrumentsReviewed: small(200), followUpRequests: small(3) });
  while (out.length < RECORDS + campaigns.length) {
    const e = ent();
    const version = 1 + small(3);
    out.push({ kind: 'collection', key: `dc:${e.enterpriseId}:${version}`, version, ...e, day: iso(yearStart - 400 * DAY + small(760) * DAY + DAY / 2).slice(0, 10), status: pick(['realtime', 'manual', 'none'] as const) });
  }
  // As the store holds them: one record per key.
  return [...new Map(out.map((r) => [r.key, r])).values()];
}

async function main() {
  const began = Date.now();
  const loadAtStart = loadavg();
  let t = Date.now();
  generate();
  const requestDays = days.size;
  const records = programmeRecords();
  for (const r of records) addContributions(programmeContributions(r));
  const collections = new Map<string, Extract<ProgrammeRecord, { kind: 'collection' }>[]>();
  for (const r of records) if (r.kind === 'collection') collections.set(r.enterpriseId, [...(collections.get(r.enterpriseId) ?? []), r]);
  for (const list of collections.values()) addContributions(collectionContributions(list));
  const generateMs = Date.now() - t;
  console.log(`generated ${REQUESTS.toLocaleString('en')} requests (${requestDays} city-days) and ${records.length.toLocaleString('en')} programme records -> ${days.size} city-days in ${generateMs} ms`);

  t = Date.now();
  // The records as the programme store holds them (key as _id), so the service reads its campaigns from them.
  const written = await writeDays(DB, (db) => insertAll(db, PROGRAMME_RECORDS, records.map(({ key, ...rest }) => ({ _id: key, ...rest }))));
  const writeMs = Date.now() - t;
  console.log(`bulk-wrote ${written} days, as many contributions and ${records.length.toLocaleString('en')} records to ${DB} in ${writeMs} ms`);

  t = Date.now();
  const svc = await createReportingService(
    readConfig({ MONGO_URL, MONGO_COMPAT, KAFKA_BROKERS: BROKERS, MONGO_DB: DB, IDENTITY_SECRET: SECRET, REGIONS_FILE: regionsFile, CONSUMER_GROUP: `reporting-bench-${uuidv7()}`, CONSUMER_FROM_BEGINNING: 'false', KAFKA_NAMESPACE: NAMESPACE, LOG_LEVEL: 'warn' }),
    createLogger({ service: 'reporting-bench', level: 'warn' }),
  );
  const startMs = Date.now() - t;
  const port = await svc.start(0);
  const headers = { 'x-metrodesk-identity': signIdentity({ userId: 'bench', role: 'province_manager' }, SECRET, 7200) };
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  // The cells give the records' figures: the province's and every city's.
  const range = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
  const served = (await (await get(`/reports/programmes?period=${YEAR}`)).json()) as { figures: unknown; cities: { region: { code: string }; figures: unknown }[] };
  const expected = programmeFigures(records, new Set(cities), range);
  if (!isDeepStrictEqual(served.figures, expected)) throw new Error(`province figures differ from the records:\n${JSON.stringify(served.figures)}\n${JSON.stringify(expected)}`);
  for (const c of served.cities) {
    if (!isDeepStrictEqual(c.figures, programmeFigures(records, new Set([c.region.code]), range))) throw new Error(`${c.region.code}: figures differ from the records`);
  }
  const zh = (await (await get(`/reports/annual-summary?period=${YEAR}`)).json()) as { text: string };
  console.log(`\nprogramme report = records folded one by one, province and ${served.cities.length} cities\n\n${zh.text}\n`);

  const lat = {
    summaryZh: await timed(ROUNDS, async () => void (await (await get(`/reports/annual-summary?period=${YEAR}`)).json())),
    summaryEn: await timed(ROUNDS, async () => void (await (await get(`/reports/annual-summary?period=${YEAR}&lang=en`)).json())),
    programmes: await timed(ROUNDS, async () => void (await (await get(`/reports/programmes?period=${YEAR}`)).json())),
    docx: await timed(ROUNDS, async () => void (await (await get(`/reports/annual-summary.docx?period=${YEAR}`)).arrayBuffer())),
  };
  await svc.stop();
  await dropTopics();

  const figures: Figure[] = [];
  const timing = (label: string, xs: number[]) => {
    figures.push({ figure: `${label} p50`, value: percentile(xs, 50), unit: 'ms' });
    figures.push({ figure: `${label} p95`, value: percentile(xs, 95), unit: 'ms', ...below(percentile(xs, 95), TARGET_MS, 'ms') });
  };
  timing(`annual summary, province ${YEAR}, zh-CN (JSON)`, lat.summaryZh);
  timing(`annual summary, province ${YEAR}, en (JSON)`, lat.summaryEn);
  timing(`programme report, province ${YEAR}`, lat.programmes);
  timing(`annual summary .docx, province ${YEAR}`, lat.docx);
  figures.push({ figure: 'load: bulk write (days, contributions, records)', value: writeMs / 1000, unit: 's' }, { figure: 'load: service start (days into memory)', value: startMs / 1000, unit: 's' });
  report({
    name: 'reporting-programmes',
    load: `${REQUESTS.toLocaleString('en')} requests and ${records.length.toLocaleString('en')} programme records (incl. 300 campaigns), ${days.size} city-days; ${ROUNDS} calls per query, one after another`,
    durationS: (Date.now() - began) / 1000,
    figures,
    notes: [`load average (1, 5, 15 min) at start ${loadAtStart.map((x) => x.toFixed(2)).join(', ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(', ')}`],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
