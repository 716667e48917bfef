import type { MongoClient } from 'mongodb';
import { sleep } from './infra';
import { readTopic } from './topic';
import type { Filing } from './load';
import { ADMIN, type FaultStack } from './stack';

export interface Verdict {
  sent: number;
  accepted: number;
  /** The client gave up (database scenario on purpose); such a filing must be absent or whole. */
  abandoned: number;
  refused: number;
  found: number;
  duplicated: number;
  lost: number;
  /** Requests filed in the scenario's city, as reporting counts them, minus the count before. */
  reportingCounted: number;
  reportingExpected: number;
  waitedS: number;
  problems: string[];
}

interface Seen {
  requestIds: string[];
  /** Events still in the request's outbox (not yet published, or published and not yet emptied). */
  unpublished: number;
  assigned: boolean;
  assignedSteps: number;
  /** Filing opens two clocks of cycle 1, one per kind: response and resolution. */
  clocks: Record<string, number>;
  fact: boolean;
}

const year = () => String(new Date(Date.now() + 8 * 3600_000).getUTCFullYear());

/** Requests filed this year in a city, as reporting shows them (the count the bureau reads). */
export async function reportingCount(stack: FaultStack, city: string): Promise<number> {
  const r = await stack.call<{ requests: { total: number } }>('reporting', 'GET', `/reports/summary?region=${city}&period=${year()}`, undefined, ADMIN);
  if (r.status !== 200) throw new Error(`reporting summary: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body.requests.total;
}

/** The SLA service's clocks of these requests. */
export async function slaClocks(db: MongoClient, ids: string[], filter: Record<string, unknown> = {}) {
  return db.db('metrodesk_sla').collection('sla_clocks').find({ requestId: { $in: ids }, ...filter }, { projection: { requestId: 1, kind: 1, cycle: 1 } }).toArray();
}

async function look(db: MongoClient, filings: Filing[]): Promise<Map<string, Seen>> {
  const keys = filings.map((f) => `${f.userId}:${f.key}`);
  const requests = await db.db('metrodesk_requests').collection('requests').find({ idempotencyKey: { $in: keys } }, { projection: { _id: 1, idempotencyKey: 1, outbox: 1 } }).toArray();
  const ids = requests.map((r) => String(r._id));
  const [cases, steps, clocks, facts] = await Promise.all([
    db.db('metrodesk_assignment').collection('cases').find({ _id: { $in: ids as never[] } }, { projection: { _id: 1, status: 1, assigneeId: 1 } }).toArray(),
    db.db('metrodesk_assignment').collection('assignment_steps').find({ requestId: { $in: ids }, kind: 'assigned' }, { projection: { requestId: 1 } }).toArray(),
    slaClocks(db, ids),
    db.db('metrodesk_reporting').collection('rp_facts').find({ _id: { $in: ids.map((id) => `r:${id}`) as never[] } }, { projection: { _id: 1, fact: 1 } }).toArray(),
  ]);
  const byId = new Map<string, Seen>();
  const seen = new Map<string, Seen>();
  for (const r of requests) {
    const key = String(r.idempotencyKey);
    const s = seen.get(key) ?? { requestIds: [], unpublished: 0, assigned: false, assignedSteps: 0, clocks: {}, fact: false };
    s.requestIds.push(String(r._id));
    s.unpublished += Array.isArray(r.outbox) ? r.outbox.length : 0;
    seen.set(key, s);
    byId.set(String(r._id), s);
  }
  for (const c of cases) if (c.status === 'assigned' && c.assigneeId) byId.get(String(c._id))!.assigned = true;
  for (const st of steps) byId.get(String(st.requestId))!.assignedSteps += 1;
  for (const c of clocks) {
    const s = byId.get(String(c.requestId))!;
    const k = `${String(c.kind)}#${String(c.cycle)}`;
    s.clocks[k] = (s.clocks[k] ?? 0) + 1;
  }
  for (const f of facts) if (/"filedAt"/.test(String(f.fact))) byId.get(String(f._id).slice(2))!.fact = true;
  return seen;
}

const CLOCKS = ['response#1', 'resolution#1'];
const oneClockEach = (s: Seen) => CLOCKS.every((k) => s.clocks[k] === 1) && Object.keys(s.clocks).length === CLOCKS.length;
const clockText = (s: Seen) => JSON.stringify(s.clocks);
const whole = (s: Seen) => s.requestIds.length === 1 && s.assigned && s.assignedSteps === 1 && oneClockEach(s) && s.fact;

/**
 * Checks every filing end to end: it exists once in requests, has exactly one active
 * assignment (one `assigned` step, case assigned to someone), exactly one SLA clock of each
 * kind filing opens (response and resolution of cycle 1), and a
 * reporting fact; and reporting's count for the city grew by exactly the number of requests.
 * Waits until that holds or the time is up, then counts what is still wrong.
 */
export async function verify(stack: FaultStack, db: MongoClient, filings: Filing[], city: string, baseline: number, timeoutMs: number): Promise<Verdict> {
  const t0 = Date.now();
  let seen = new Map<string, Seen>();
  let counted = 0;
  let expected = 0;
  for (;;) {
    seen = await look(db, filings);
    expected = [...seen.values()].reduce((n, s) => n + s.requestIds.length, 0);
    counted = (await reportingCount(stack, city).catch(() => baseline)) - baseline;
    const settled = [...seen.values()].every(whole) && filings.every((f) => f.outcome !== 'accepted' || seen.has(`${f.userId}:${f.key}`)) && counted === expected;
    if (settled || Date.now() - t0 > timeoutMs) break;
    await sleep(2000);
  }
  const problems: string[] = [];
  let found = 0;
  let duplicated = 0;
  let lost = 0;
  for (const f of filings) {
    const s = seen.get(`${f.userId}:${f.key}`);
    if (!s) {
      if (f.outcome === 'accepted') {
        lost += 1;
        problems.push(`${f.key}: accepted (${f.requestId}) but not in requests`);
      }
      continue;
    }
    found += 1;
    if (s.requestIds.length > 1 || s.assignedSteps > 1 || Object.values(s.clocks).some((n) => n > 1)) {
      duplicated += 1;
      problems.push(`${f.key}: ${s.requestIds.length} requests, ${s.assignedSteps} assignments, clocks ${clockText(s)}`);
    } else if (!whole(s)) {
      // Half-written: the request exists but did not reach every service.
      lost += 1;
      problems.push(`${f.key} (${s.requestIds[0]}): unpublished=${s.unpublished} assigned=${s.assigned} steps=${s.assignedSteps} clocks=${clockText(s)} reportingFact=${s.fact}`);
    }
  }
  const halfWritten = filings.flatMap((f) => {
    const s = seen.get(`${f.userId}:${f.key}`);
    return s && s.requestIds.length === 1 && !whole(s) ? [s.requestIds[0]!] : [];
  });
  if (halfWritten.length > 0) problems.push(await onKafka(stack.brokers, stack.topic('requests.request.v1'), halfWritten));
  if (counted !== expected) problems.push(`reporting counts ${counted} new requests in ${city}, expected ${expected}`);
  return {
    sent: filings.length,
    accepted: filings.filter((f) => f.outcome === 'accepted').length,
    abandoned: filings.filter((f) => f.outcome === 'abandoned').length,
    refused: filings.filter((f) => f.outcome === 'refused').length,
    found,
    duplicated,
    lost,
    reportingCounted: counted,
    reportingExpected: expected,
    waitedS: Math.round((Date.now() - t0) / 1000),
    problems,
  };
}

/**
 * Where a half-written request's events are on Kafka (a diagnosis, not a verdict): each
 * request's event types with partition and offset.
 */
async function onKafka(brokers: string, topic: string, requestIds: string[]): Promise<string> {
  const found = new Map<string, string[]>(requestIds.map((id) => [id, []]));
  try {
    const unread = await readTopic(brokers, topic, (message, partition) => {
      const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { subject?: string; type?: string };
      found.get(String(event.subject))?.push(`${event.type}@${partition}:${message.offset}`);
    });
    const status = unread.length === 0 ? 'read to the end' : `partitions ${unread.join(',')} not read to the end`;
    return `on ${topic} (${status}): ${[...found].map(([id, at]) => `${id} [${at.join(' ') || 'nothing'}]`).join('; ')}`;
  } catch (err) {
    return `on ${topic}: could not read (${(err as Error).message})`;
  }
}
