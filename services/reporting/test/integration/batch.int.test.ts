import request from 'supertest';
import { randomInt } from 'node:crypto';
import { testLogger, TopicTap, uniq, waitFor, produceRaw } from '@metrodesk/testkit';
import { eventFor, type EventEnvelope } from '@metrodesk/events';
import { REQUEST_TOPIC, requestClosed, requestFiled, requestResolved, requestResponded, requestStatusChanged } from '@metrodesk/contracts';
import { createReportingService, type ReportingService } from '../../src/service';
import { makeWorld, stopAndDrop, worldEnv } from '../fixtures/history';
import { settled } from '../fixtures/settled';

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
      await settled(svc);
      const b = await summary(svc, `${Y}`);
      expect(b.requests).toMatchObject({ total: n, byStatus: { closed: n }, byCategory: { management_system: n } });
      expect(b).toMatchObject({ problemsSolved: n, solutionsProvided: n, satisfaction: { count: n, of: n, rate: 100 }, responseWithin24h: { count: n, of: n, rate: 100 } });
      // No processed ids are kept for reporting's handlers: each copy was applied again, and changed nothing.
      expect(svc.runtime.consumers[0]!.stats).toMatchObject({ duplicates: 0 });
      expect(svc.runtime.consumers[0]!.stats.handled).toBeGreaterThanOrEqual(messages.length - 1);
      // Dead-lettered once by the consumer; the dead-letter send itself, like every send, may be
      // repeated whole after a failed attempt, so its copies are told apart by the place they name.
      expect(svc.runtime.consumers[0]!.stats.deadLettered).toBe(1);
      const places = new Map(dlq.find(ours).map((m) => [`${m.headers['dlq-partition']}:${m.headers['dlq-offset']}`, m.headers['dlq-error']]));
      expect([...places.values()]).toEqual([expect.stringMatching(/malformed envelope/)]);
    } finally {
      await dlq.stop();
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
