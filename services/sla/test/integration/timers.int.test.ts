import request from 'supertest';
import mongoose from 'mongoose';
import { testLogger, waitFor } from '@metrodesk/testkit';
import { requestFiled, requestPaused, requestResumed, SLA_TOPIC } from '@metrodesk/contracts';
import type { TappedMessage } from '@metrodesk/testkit';
import { createSlaService, type SlaService } from '../../src/service';
import { admin, env, fastPolicy, newRequest, requestEvent, send, sleep, untilConsuming, wipePrefix, PatientTap, topic, world } from '../fixtures/sla';

jest.setTimeout(240_000);

// Real time against real Redis, Kafka and FerretDB: policies of a few seconds.
interface SlaEvent {
  id: string;
  type: string;
  data: { clock: string; threshold?: number; deadline: string; at: string; level?: string };
}
const ev = (m: TappedMessage) => m.value as SlaEvent;
const markOf = (e: SlaEvent) => `${e.data.clock}:${e.type.replace('sla.clock.', '')}${e.data.threshold ? `:${e.data.threshold}` : ''}${e.data.level ? `:${e.data.level}` : ''}`;

let tap: PatientTap;
beforeAll(async () => {
  await world.create();
  tap = await new PatientTap([topic(SLA_TOPIC)]).start();
});
afterAll(async () => {
  await tap.stop();
  await world.drop();
});

// The outbox relay publishes at least once; an event republished keeps its id, so count ids.
const eventsOf = (requestId: string) => [...new Map(tap.find((m) => m.key === requestId).map((m) => [ev(m).id, ev(m)])).values()];
const expectEachOnce = (requestId: string) => {
  const marks = eventsOf(requestId).map(markOf);
  expect(marks.length).toBe(new Set(marks).size);
};

describe('timers in real time', () => {
  let svc: SlaService;
  beforeAll(async () => {
    svc = await createSlaService(env(), testLogger('sla'));
    await svc.startBackground();
    await untilConsuming(svc.app);
  });
  afterAll(async () => {
    await svc.stop();
  });

  it('fires warnings and breaches on time, and a pause holds the resolution clock back', async () => {
    await fastPolicy(svc.app, 'other', 'emergency', 4, 20, { escalation: [{ level: 'city', atPercent: 100 }] });
    const r = newRequest();
    const t0 = Date.now();
    await send(requestEvent(requestFiled, r, { version: 1, at: new Date(t0).toISOString(), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' }));
    await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.started', { count: 2 });

    const pausedAt = Date.now();
    await send(requestEvent(requestPaused, r, { version: 2, at: new Date(pausedAt).toISOString() }));
    await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.paused');
    // One timer per clock, for its next mark only; a paused clock has none.
    const timersOf = async (clock: string) => (await Promise.all(['w50', 'w75', 'breach', 'esc-city'].map((m) => svc.scheduler.queue.getJob(`${r.requestId}|1|${clock}|${m}`)))).filter(Boolean);
    expect(await timersOf('resolution')).toEqual([]);
    await sleep(2500);
    const resumedAt = Date.now();
    await send(requestEvent(requestResumed, r, { version: 3, at: new Date(resumedAt).toISOString() }));
    const pauseMs = resumedAt - pausedAt;

    for (const clock of ['response', 'resolution']) {
      await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.breached' && ev(m).data.clock === clock);
    }
    await sleep(500);
    const all = eventsOf(r.requestId);
    const of = (clock: string, type: string) => all.filter((e) => e.data.clock === clock && e.type === `sla.clock.${type}`);

    // Response: calendar time, no pause; warnings at 50 and 75 %, then breach and the city escalation.
    expect(of('response', 'warning').map((e) => e.data.threshold)).toEqual([50, 75]);
    expect(of('response', 'breached')[0]!.data.deadline).toBe(new Date(t0 + 4000).toISOString());
    expect(of('response', 'escalated').map((e) => e.data.level)).toEqual(['city']);
    // Resolution: nothing fired while paused, and the deadline moved by exactly the pause.
    const resolutionWarnings = of('resolution', 'warning');
    expect(resolutionWarnings.map((e) => e.data.threshold)).toEqual([50, 75]);
    for (const w of resolutionWarnings) expect(Date.parse(w.data.at) < pausedAt || Date.parse(w.data.at) >= resumedAt).toBe(true);
    expect(of('resolution', 'resumed')[0]!.data.deadline).toBe(new Date(t0 + 20000 + pauseMs).toISOString());
    expect(of('resolution', 'breached')[0]!.data.deadline).toBe(new Date(t0 + 20000 + pauseMs).toISOString());
    expect(Date.parse(of('resolution', 'breached')[0]!.data.at)).toBeGreaterThanOrEqual(t0 + 20000 + pauseMs);
    expectEachOnce(r.requestId);

    const view = await request(svc.app).get(`/requests/${r.requestId}/clocks`).set(admin);
    expect(view.status).toBe(200);
    const resolution = view.body.cycles[0].resolution;
    expect(resolution).toMatchObject({ breached: true, paused: false, status: 'breached', outcome: null });
    expect(resolution.pauses).toEqual([{ from: new Date(pausedAt).toISOString(), to: new Date(resumedAt).toISOString() }]);
    expect(resolution.firings.map((f: { mark: string }) => f.mark)).toEqual(['w50', 'w75', 'breach', 'esc-city']);
    expect(resolution.remainingMs).toBeLessThan(0);
  });
});

describe('recovery after Redis lost every timer', () => {
  it('rebuilds timers from MongoDB at start-up, raises the breach that passed while down, and fires the rest on time', async () => {
    const config = env();
    const first = await createSlaService(config, testLogger('sla'));
    await first.startBackground();
    await untilConsuming(first.app);
    await fastPolicy(first.app, 'training_request', 'emergency', 3, 8, { escalation: [] });
    const r = newRequest({ category: 'training_request' });
    const t0 = Date.now();
    await send(requestEvent(requestFiled, r, { version: 1, at: new Date(t0).toISOString(), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' }));
    await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.started', { count: 2 });
    await first.stop();

    // In production this is FLUSHALL; Redis is shared here, so only this run's prefix goes.
    expect(await wipePrefix(config.SLA_QUEUE_PREFIX)).toBeGreaterThan(0);
    await sleep(Math.max(0, t0 + 4500 - Date.now())); // the response breach (3 s) passes while down

    const second = await createSlaService(config, testLogger('sla'));
    try {
      await second.startBackground();
      const [responseBreach] = await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.breached' && ev(m).data.clock === 'response');
      expect(ev(responseBreach!).data.deadline).toBe(new Date(t0 + 3000).toISOString());
      // Resolution marks at 4 s (passed while down), 6 s and 8 s (rebuilt timers).
      await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.breached' && ev(m).data.clock === 'resolution');
      await sleep(500);
      const resolution = eventsOf(r.requestId).filter((e) => e.data.clock === 'resolution');
      expect(resolution.filter((e) => e.type === 'sla.clock.warning').map((e) => e.data.threshold)).toEqual([50, 75]);
      const breach = resolution.find((e) => e.type === 'sla.clock.breached')!;
      expect(breach.data.deadline).toBe(new Date(t0 + 8000).toISOString());
      expect(Date.parse(breach.data.at)).toBeGreaterThanOrEqual(t0 + 8000);
      const response = eventsOf(r.requestId).filter((e) => e.data.clock === 'response');
      expect(response.filter((e) => e.type === 'sla.clock.warning').map((e) => e.data.threshold)).toEqual([50, 75]);
      expectEachOnce(r.requestId);
      // A second reconciliation publishes nothing new for this request.
      await second.reconcileNow();
      await sleep(500);
      expectEachOnce(r.requestId);
      await waitFor(async () => (await request(second.app).get(`/requests/${r.requestId}/clocks`).set(admin)).body.cycles?.[0]?.resolution?.breached === true);
    } finally {
      await second.stop();
      await wipePrefix(config.SLA_QUEUE_PREFIX);
    }
  });
});

describe('an upgrade from the release that kept clocks in 16 collections', () => {
  it('moves the stored clocks into the one collection at start, and they go on: paused by the next event, breached on time', async () => {
    const config = env();
    const first = await createSlaService(config, testLogger('sla'));
    await first.startBackground();
    await untilConsuming(first.app);
    await fastPolicy(first.app, 'test_solution', 'emergency', 30, 40, { escalation: [] });
    const r = newRequest({ category: 'test_solution' });
    const t0 = Date.now();
    await send(requestEvent(requestFiled, r, { version: 1, at: new Date(t0).toISOString(), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' }));
    await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.started', { count: 2 });
    await first.stop();

    // The earlier release's layout, which no API of this one can make: the request's clocks in
    // one of sla_clocks_00 … sla_clocks_15.
    const conn = await mongoose.createConnection(config.MONGO_URL, { dbName: config.MONGO_DB }).asPromise();
    try {
      const clocks = conn.collection('sla_clocks');
      const legacy = conn.collection('sla_clocks_07');
      const docs = await clocks.find({ requestId: r.requestId }).toArray();
      expect(docs).toHaveLength(2);
      await legacy.insertMany(docs);
      for (const d of docs) await clocks.deleteOne({ _id: d._id });

      const second = await createSlaService(config, testLogger('sla'));
      try {
        await second.startBackground();
        const names = (await conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
        expect(names.filter((n) => /^sla_clocks_\d\d$/.test(n))).toEqual([]);
        expect((await clocks.countDocuments({ requestId: r.requestId }))).toBe(2);
        const view = (await request(second.app).get(`/requests/${r.requestId}/clocks`).set(admin)).body;
        expect(view.cycles[0].response).toMatchObject({ breached: false, paused: false });
        await untilConsuming(second.app);
        await send(requestEvent(requestPaused, r, { version: 2, at: new Date().toISOString() }));
        await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.paused');
        const [breach] = await tap.waitFor((m) => m.key === r.requestId && ev(m).type === 'sla.clock.breached' && ev(m).data.clock === 'response', { timeoutMs: 90_000 });
        expect(ev(breach!).data.deadline).toBe(new Date(t0 + 30_000).toISOString());
        expectEachOnce(r.requestId);
      } finally {
        await second.stop();
      }
    } finally {
      await conn.close();
      await wipePrefix(config.SLA_QUEUE_PREFIX);
    }
  });
});
