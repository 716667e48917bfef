/**
 * The province year the reporting benches load: 1,000,000 requests' facts (by default) folded
 * through the service's own `contributions()` into (city, day) cells, bulk-written as the
 * consumer and the rollup would have left them (see load.ts for why not through Kafka).
 */
import { Kafka, logLevel } from 'kafkajs';
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { dropNamespace } from '@metrodesk/testkit';
import { contributions, emptyRequestFact, type Contribution, type Fact, type RequestFact } from '../src/domain/facts';
import { addInto, canonical, MEMBER_SETS, type Figures, type Members } from '../src/domain/figures';
import { dayPeriod } from '../src/domain/period';
import { bucketId } from '../src/domain/rollup';
import { DEFAULT_REGIONS_FILE, loadRegions } from '@metrodesk/codes';
import { COLLECTIONS } from '../src/persistence/readmodel.repository';

export const REQUESTS = Number(process.env.REQUESTS ?? 1_000_000);
const ENTERPRISES = Number(process.env.ENTERPRISES ?? 60_000);
export const YEAR = 2025;
export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
/** The default server is the local FerretDB v1, which needs the compat layer. */
export const MONGO_COMPAT = process.env.MONGO_COMPAT ?? 'ferretdb-v1';
export const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:29092';
/** The run's own Kafka namespace: its service reads only the events the bench sends. */
export const NAMESPACE = `reporting-bench-${Date.now().toString(36)}`;
/** Deletes the run's topics (its service made them when it connected). */
export const dropTopics = () => dropNamespace(NAMESPACE, new Kafka({ clientId: 'reporting-bench', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }));
export const regionsFile = DEFAULT_REGIONS_FILE;
const regions = loadRegions(regionsFile);
export const cities = regions.cities.map((c) => c.code);
export const province = regions.province.code;

// A seeded generator, so every run loads the same figures.
let seed = 20250101;
export const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
export const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
export const iso = (ms: number) => new Date(ms).toISOString();
export const yearStart = Date.parse(`${YEAR}-01-01T00:00:00+08:00`);
const MIN = 60_000;
export const DAY = 86_400_000;

interface Acc {
  f: Figures;
  m: Record<string, Set<string>>;
}
export const days = new Map<string, Acc>();
/** Adds contributions to their (city, day) cells, as the rollup sums a day's contributions. */
export function addContributions(list: Contribution[]) {
  for (const c of list) {
    const id = bucketId(c.cityCode, dayPeriod(c.day).key);
    let acc = days.get(id);
    if (!acc) days.set(id, (acc = { f: {}, m: {} }));
    addInto(acc.f, c.f);
    for (const [k, v] of Object.entries(c.m)) for (const x of v ?? []) (acc.m[k] ??= new Set()).add(x);
  }
}

function add(fact: Fact) {
  addContributions(contributions(fact));
}

/** The requests, outreach visits, training sessions and qualification files of the year. */
export function generate() {
  const flagsOf = (e: number) => ({ contactPoint: e % 20 === 0, keyEnergyUnit: e % 50 === 0 });
  for (let i = 0; i < REQUESTS; i++) {
    const e = Math.floor(rnd() * ENTERPRISES);
    const city = cities[e % cities.length]!;
    const filed = yearStart + Math.floor(rnd() * 364 * DAY);
    const f: RequestFact = {
      ...emptyRequestFact(`r${i}`),
      version: 6,
      enterpriseId: `ent-${e}`,
      cityCode: city,
      category: pick(REQUEST_CATEGORIES),
      priority: 'normal',
      filedAt: iso(filed),
      flags: flagsOf(e),
    };
    const r = rnd();
    f.status = r < 0.7 ? 'closed' : r < 0.85 ? 'resolved' : r < 0.95 ? 'in_progress' : 'withdrawn';
    if (rnd() < 0.97) f.firstResponseAt = iso(filed + (rnd() < 0.95 ? 5 + Math.floor(rnd() * 1400) : 1440 + Math.floor(rnd() * 3000)) * MIN);
    else f.clocks['1:response'] = { breachedAt: iso(filed + DAY) };
    if (f.status === 'closed' || f.status === 'resolved') {
      const at = filed + (1 + Math.floor(rnd() * 20)) * DAY;
      f.resolutions['1'] = { at: iso(at), solved: rnd() < 0.9, kind: 'technical_advice', version: 4 };
      const late = rnd() < 0.06;
      f.clocks['1:resolution'] = { metAt: iso(at), withinTarget: !late, ...(late ? { breachedAt: iso(at - DAY) } : {}) };
      if (f.status === 'closed') f.visits['1'] = { at: iso(at + DAY), satisfied: rnd() < 0.97, version: 5 };
      if (late && rnd() < 0.3) f.escalations.city = iso(at - DAY);
    }
    add(f);
  }
  for (let i = 0; i < REQUESTS / 20; i++) {
    const e = Math.floor(rnd() * ENTERPRISES);
    add({ kind: 'outreach', outreachId: `o${i}`, enterpriseId: `ent-${e}`, cityCode: cities[e % cities.length]!, date: iso(yearStart + Math.floor(rnd() * 364) * DAY + DAY / 2).slice(0, 10), flags: flagsOf(e) });
  }
  for (let i = 0; i < REQUESTS / 500; i++) {
    const attendees = 10 + Math.floor(rnd() * 50);
    add({ kind: 'session', sessionId: `s${i}`, cityCode: pick(cities), endDate: iso(yearStart + Math.floor(rnd() * 364) * DAY + DAY / 2).slice(0, 10), attendees, passed: attendees - Math.floor(rnd() * 3), eventTime: '', eventId: '' });
  }
  for (let i = 0; i < REQUESTS / 50; i++) {
    const unit = Math.floor(rnd() * 3000);
    add({ kind: 'file', fileId: `f${i}`, version: 1, personKey: `p${Math.floor(rnd() * 15000)}`, employerUscc: `u${unit}`.padEnd(18, '0'), cityCode: cities[unit % cities.length]!, firstAt: iso(yearStart + Math.floor(rnd() * 364 * DAY)) });
  }
}

export async function timed(rounds: number, fn: () => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms;
}

const membersOf = (a: Acc): Members => Object.fromEntries(MEMBER_SETS.filter((k) => a.m[k]).map((k) => [k, [...a.m[k]!].sort()]));

export async function insertAll(db: import('mongodb').Db, name: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) await db.collection(name).insertMany(docs.slice(i, i + 500) as never[], { ordered: false });
}

/**
 * Drops the bench's database and writes the cells as the rollup stores them (one day document
 * and one contribution per (city, day)), then `more` (other collections); returns the days written.
 */
export async function writeDays(dbName: string, more: (db: import('mongodb').Db) => Promise<void> = async () => undefined): Promise<number> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(MONGO_URL);
  await client.connect();
  const db = client.db(dbName);
  await db.dropDatabase();
  const insert = (name: string, docs: Record<string, unknown>[]) => insertAll(db, name, docs);
  const dayDocs = [...days].map(([id, a]) => ({ _id: id, f: JSON.stringify(canonical(a.f)), m: JSON.stringify(membersOf(a)) }));
  await insert(COLLECTIONS.days, dayDocs);
  await insert(COLLECTIONS.contrib, dayDocs.map((d) => ({ _id: `${d._id}|bulk`, bucket: d._id, fact: 'bulk', f: d.f, m: d.m, dead: false })));
  await more(db);
  await client.close();
  return dayDocs.length;
}
