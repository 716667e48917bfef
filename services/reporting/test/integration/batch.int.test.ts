import request from 'supertest';
import { randomInt } from 'node:crypto';
import { testLogger, TopicTap, uniq, waitFor, produceRaw } from '@metrodesk/testkit';
import { eventFor, type EventEnvelope } from '@metrodesk/events';
import { REQUEST_TOPIC, requestClosed, requestFiled, requestResolved, requestResponded, requestStatusChanged } from '@metrodesk/contracts';
import { createReportingService, type ReportingService } from '../../src/service';
import { makeWorld, stopAndDrop, worldEnv } from '../fixtures/history';
import { settled } from '../fixtures/settled';
import type { Fact } from '../../src/domain/facts';
import { auditEntryOf } from '../../src/domain/audit';

/**
 * The consumer takes a fetched batch together (one lane per request, many at once, the days
 * they touch recomputed together, processed ids stored once per batch). These tests send
 * many requests' events in one produce, so they arrive in the same fetches.
 */
jest.setTimeout(240_000);

const w = makeWorld();
const Y = w.year + 3;
const dbName = `metrodesk_reporting_batch_${uniq('b').replace(/-/g, '_')}`;
const env = (group: string) => worldEnv(w, { CONSUMER_GROUP: group, CONSUMER_FROM_BEGINNING: 'true', MONGO_DB: dbName });
let svc: ReportingService;

/** Each request's whole life, step by step; steps of different requests interleaved. */
function lives(count: number, day: string): EventEnvelope[][] {
  const run = uniq('life');
  return Array.from({ length: count }, (_, i) => {
    const rid = `${run}-${i}`;
    let version = 0;
    const ref = (hm: string) => ({ requestId: rid, enterpriseId: `${run}-e${i % 7}`, cityCode: i % 2 ? w.A : w.B, category: 'management_system' as const, priority: 'normal' as const, version: ++version, cycle: 1, at: `${Y}-${day}T${hm}:00.000Z` });
    const ev = <T>(e: { event: T }) => e.event as EventEnvelope;
    return [
      ev(eventFor(requestFiled, { subject: rid, source: w.source, data: { ...ref('01:00'), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' } })),
      ev(eventFor(requestStatusChanged, { subject: rid, source: w.source, data: { ...ref('01:05'), from: 'filed', to: 'assigned', action: 'assign', by: 'sys' } })),
      ev(eventFor(requestResponded, { subject: rid, source: w.source, data: { ...ref('02:00'), by: 'l' } })),
      ev(eventFor(requestResolved, { subject: rid, source: w.source, data: { ...ref('03:00'), solved: true, solutionKind: 'on_site_verification', by: 'l' } })),
      ev(eventFor(requestClosed, { subject: rid, source: w.source, data: { ...ref('04:00'), satisfaction: 5, satisfied: true } })),
    ];
  });
}

const interleaved = (all: EventEnvelope[][]) => {
  const out: EventEnvelope[] = [];
  for (let step = 0; step < all[0]!.length; step++) for (const life of all) out.push(life[step]!);
  return out;
};

const summary = async (s: ReportingService, period: string) => (await request(s.app).get(`/reports/summary?period=${period}`).set(w.provinceManager)).body as Record<string, unknown>;

const closedOf = (b: Record<string, unknown>) => (b.requests as { byStatus?: { closed?: number } } | undefined)?.byStatus?.closed;

beforeAll(async () => {
  await w.create();
  svc = await createReportingService(env(uniq('reporting-batch')), testLogger('reporting'));
  await svc.startBackground();
});

afterAll(async () => {
  await stopAndDrop(svc, dbName);
  await w.drop();
});

describe('a fetched batch applied together', () => {
  it('counts every request of a burst exactly although every filing comes twice, and dead-letters its poison', async () => {
    const dlq = await new TopicTap([w.topic(`${REQUEST_TOPIC}.dlq`)]).start();
    const source = await new TopicTap([w.topic(REQUEST_TOPIC)]).start();
    try {
      const n = 60;
      const events = interleaved(lives(n, '03-02'));
      const poisonKey = uniq('poison');
      const messages = events.map((e) => ({ key: e.subject, value: JSON.stringify(e) }));
      // Every filing again (same ids) and a malformed message, in the middle of the same produce.
      const dupes = events.slice(0, n).map((e) => ({ key: e.subject, value: JSON.stringify(e) }));
      const at = randomInt(n, messages.length);
      messages.splice(at, 0, ...dupes, { key: poisonKey, value: '{"id":' });
      await produceRaw(w.topic(REQUEST_TOPIC), messages);
      const ours = (m: { key: string | null; headers: Record<string, string> }) => m.key === poisonKey && m.headers['dlq-group'] === svc.runtime.consumers[0]!.groupId;
      await dlq.waitFor(ours, { count: 1 });
      await waitFor(async () => closedOf(await summary(svc, `${Y}`)) === n, { timeoutMs: 120_000, intervalMs: 300, what: 'every request closed in the figures' }).catch(() => undefined);
      // The copies spliced in after the last close may still be on their way.
      await waitFor(() => svc.runtime.consumers[0]!.stats.handled >= messages.length - 1, { timeoutMs: 60_000, intervalMs: 100, what: 'every message handled' }).catch(() => undefined);
      await settled(svc);
      const b = await summary(svc, `${Y}`);
      expect(b.requests).toMatchObject({ total: n, byStatus: { closed: n }, byCategory: { management_system: n } });
      expect(b).toMatchObject({ problemsSolved: n, solutionsProvided: n, satisfaction: { count: n, of: n, rate: 100 }, responseWithin24h: { count: n, of: n, rate: 100 } });
      // No processed ids are kept for reporting's handlers: each copy was applied again, and changed nothing.
      expect(svc.runtime.consumers[0]!.stats).toMatchObject({ duplicates: 0 });
      expect(svc.runtime.consumers[0]!.stats.handled).toBeGreaterThanOrEqual(messages.length - 1);
      // Every copy of the poison in the topic dead-lettered once by the consumer. The produce
      // above, like every send, may be repeated whole after a failed attempt and so write the
      // poison more than once; the dead-letter send may be repeated too, so its copies are told
      // apart by the place they name.
      await source.waitFor(() => true, { count: messages.length });
      const poisons = source.find((m) => m.key === poisonKey).map((m) => `${m.partition}:${m.raw.offset}`);
      expect(poisons.length).toBeGreaterThanOrEqual(1);
      expect(svc.runtime.consumers[0]!.stats.deadLettered).toBe(poisons.length);
      const places = new Map(dlq.find(ours).map((m) => [`${m.headers['dlq-partition']}:${m.headers['dlq-offset']}`, m.headers['dlq-error']]));
      expect([...places.keys()].sort()).toEqual([...poisons].sort());
      expect([...places.values()]).toEqual(poisons.map(() => expect.stringMatching(/malformed envelope/)));
    } finally {
      await Promise.all([dlq.stop(), source.stop()]);
    }
  });

  it('gives the same figures when every batch is applied again without its processed ids (a crash before they were stored)', async () => {
    const n = 40;
    await produceRaw(
      w.topic(REQUEST_TOPIC),
      interleaved(lives(n, '05-06')).map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    );
    await waitFor(async () => closedOf(await summary(svc, `${Y}-05`)) === n, { timeoutMs: 120_000, intervalMs: 300, what: 'the May requests closed' }).catch(() => undefined);
    await settled(svc);
    const before = await Promise.all([summary(svc, `${Y}`), summary(svc, `${Y}-05`), summary(svc, `${Y}-03`)]);
    expect(closedOf(before[1]!)).toBe(n);
    await svc.stop();
    // A new group on the same read model: every event of the topics comes again and none is
    // known as processed, as after a crash between a batch's effects and its bookkeeping.
    svc = await createReportingService(env(uniq('reporting-batch-again')), testLogger('reporting'));
    await svc.startBackground();
    await waitFor(() => svc.runtime.consumers[0]!.stats.handled >= (n + 60) * 5, { timeoutMs: 120_000, intervalMs: 300, what: 'every event applied again' });
    await settled(svc);
    expect(await Promise.all([summary(svc, `${Y}`), summary(svc, `${Y}-05`), summary(svc, `${Y}-03`)])).toEqual(before);
  });
});

describe('audit entries of a batch', () => {
  it('keeps each audited event once and inserts the entries of many lanes together', async () => {
    const n = 30;
    const events = interleaved(lives(n, '09-10'));
    const audited = events.filter((e) => auditEntryOf(e) !== null);
    const inserts = [jest.spyOn(svc.audit.entries, 'insertOne'), jest.spyOn(svc.audit.entries, 'insertMany')];
    const handled = svc.runtime.consumers[0]!.stats.handled;
    try {
      // Every event twice: a repeat finds its entry and adds none.
      await produceRaw(w.topic(REQUEST_TOPIC), [...events, ...events].map((e) => ({ key: e.subject, value: JSON.stringify(e) })));
      const ids = events.map((e) => e.subject);
      await waitFor(async () => (await svc.audit.entries.countDocuments({ requestId: { $in: ids } })) >= audited.length, { timeoutMs: 120_000, intervalMs: 300, what: 'every entry kept' });
      await waitFor(() => svc.runtime.consumers[0]!.stats.handled >= handled + 2 * events.length, { timeoutMs: 60_000, intervalMs: 100, what: 'every copy handled' });
      const stored = await svc.audit.entries.find({ requestId: { $in: ids } }).toArray();
      expect(stored.map((d) => d._id).sort()).toEqual(audited.map((e) => e.id).sort());
      // Without the gathering, one insert an entry and one a copy: twice as many as entries.
      const calls = inserts.reduce((k, s) => k + s.mock.calls.length, 0);
      expect(calls).toBeLessThan(audited.length);
    } finally {
      inserts.forEach((s) => s.mockRestore());
    }
  });
});

describe('facts kept in memory', () => {
  const keysOf = (calls: unknown[][], field: '_id' | 'fact') => calls.map((c) => (c[0] as Record<string, unknown>)[field]).filter((k): k is string => typeof k === 'string');

  it("reads a request's fact and its contributions once, at its first event, however many follow", async () => {
    const n = 20;
    const all = lives(n, '07-08');
    const keys = new Set(all.map((life) => `r:${life[0]!.subject}`));
    const factReads = jest.spyOn(svc.model.facts, 'findOne');
    const contribReads = jest.spyOn(svc.model.contrib, 'find');
    try {
      // One step of every request at a time, each step stored before the next is sent: every
      // event after the first finds its fact as the previous one left it.
      for (let step = 0; step < all[0]!.length; step++) {
        await produceRaw(w.topic(REQUEST_TOPIC), all.map((life) => ({ key: life[step]!.subject, value: JSON.stringify(life[step]) })));
        const handled = svc.runtime.consumers[0]!.stats.handled;
        await waitFor(() => svc.runtime.consumers[0]!.stats.handled >= handled + n, { timeoutMs: 60_000, intervalMs: 100, what: `step ${step + 1} handled` });
        await settled(svc);
      }
      expect(closedOf(await summary(svc, `${Y}-07`))).toBe(n);
      const readsOf = (ks: string[]) => ks.filter((k) => keys.has(k)).length;
      expect(readsOf(keysOf(factReads.mock.calls, '_id'))).toBeLessThanOrEqual(n);
      expect(readsOf(keysOf(contribReads.mock.calls, 'fact'))).toBeLessThanOrEqual(n);
    } finally {
      factReads.mockRestore();
      contribReads.mockRestore();
    }
  });

  it('stores a fact and a contribution whose first write failed when the event is retried', async () => {
    const key = `r:${uniq('retried')}`;
    const day = `${Y}-11-12`;
    const rejectOnce = (target: object) => jest.spyOn(target as { updateOne: () => unknown }, 'updateOne').mockImplementationOnce(() => Promise.reject(new Error('connection lost')));
    const fact = (state: string) => ({ kind: 'request', requestId: key, state }) as unknown as Fact;
    const stored = async () => JSON.parse((await svc.model.facts.findOne({ _id: key }))!.fact) as { state: string };
    await svc.model.updateFact(key, async () => fact('filed'));
    await svc.model.syncContributions(key, [{ cityCode: w.A, day, f: { requests: 1 }, m: {} }]);

    // The event's writes fail before reaching the server; its retry computes the same state,
    // which only a copy taken before the writes succeeded would hold.
    const factWrite = rejectOnce(svc.model.facts);
    await expect(svc.model.updateFact(key, async () => fact('assigned'))).rejects.toThrow('connection lost');
    factWrite.mockRestore();
    await svc.model.updateFact(key, async () => fact('assigned'));
    expect(await stored()).toMatchObject({ state: 'assigned' });

    const contribWrite = rejectOnce(svc.model.contrib);
    const wanted = [{ cityCode: w.A, day, f: { requests: 1, solutions: 1 }, m: {} }];
    await expect(svc.model.syncContributions(key, wanted)).rejects.toThrow('connection lost');
    contribWrite.mockRestore();
    await svc.model.syncContributions(key, wanted);
    const contributions = await svc.model.contrib.find({ fact: key }).toArray();
    expect(contributions.map((c) => JSON.parse(c.f))).toEqual([{ requests: 1, solutions: 1 }]);
  });
});
