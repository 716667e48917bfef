import request from 'supertest';
import { uniq, waitFor } from '@metrodesk/testkit';
import { eventFor } from '@metrodesk/events';
import { REQUEST_TOPIC, requestResponded } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { enterpriseUser, shenyangLiaison } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';
import { registerInstrument, requestRef as ref, resultsEvent, type Result } from '../fixtures/instrument-events';

// The shared servers serve every helper's suites at once: give real I/O room, never assert on speed.
jest.setTimeout(180_000);
const SLOW = { timeoutMs: 60_000 };

let svc: AccountsService;
const api = () => request(svc.app);
const registerGauge = (enterpriseId: string, over: Record<string, unknown> = {}) => registerInstrument(svc, enterpriseId, over);

const read = async (id: string) => (await api().get(`/instruments/${id}`).set(shenyangLiaison)).body;
/** Waits, through the API, until the instrument holds this many verifications. */
const untilVerifications = (id: string, n: number) => waitFor(async () => ((await read(id)).verifications?.length ?? 0) >= n, { ...SLOW, what: `instrument ${id} to hold ${n} verification(s)` });

beforeAll(async () => {
  svc = await startService();
  // The group joins a while after start and reads from then on: probe until one is handled.
  const e = await register(svc, shenyangLiaison);
  const probe = await registerGauge(e.id);
  await waitFor(async () => {
    await world.produce(REQUEST_TOPIC, [resultsEvent(e.id, [{ instrumentId: probe.id, serialNo: probe.serialNo, outcome: 'verified', verifiedOn: '2026-02-01', certificateNo: uniq('probe') }])]);
    return ((await read(probe.id)).verifications?.length ?? 0) > 0;
  }, { timeoutMs: 120_000, intervalMs: 3000, what: 'the request-results consumer to join its group' });
});
afterAll(async () => {
  await svc.stop();
  await world.drop();
});

describe('verification results from requests', () => {
  it('moves the last and next dates and the certificate, and keeps the history with the request number', async () => {
    const e = await register(svc, shenyangLiaison);
    const gauge = await registerGauge(e.id);
    const elsewhere = await registerGauge(e.id, { instrumentClass: 'gas_alarm', use: 'safety', cycleMonths: 12, lastVerifiedOn: '2025-03-10' });
    const ev = resultsEvent(e.id, [
      { instrumentId: gauge.id, serialNo: gauge.serialNo, outcome: 'verified', verifiedOn: '2026-08-05', certificateNo: 'SY-JD-2026-0805' },
      { instrumentId: elsewhere.id, serialNo: elsewhere.serialNo, outcome: 'verified_elsewhere', verifiedOn: '2026-02-20', certificateNo: 'DL-JD-2026-0220' },
    ]);
    await world.produce(REQUEST_TOPIC, [ev]);
    await untilVerifications(elsewhere.id, 1);

    const g = await read(gauge.id);
    expect(g).toMatchObject({ lastVerifiedOn: '2026-08-05', certificateNo: 'SY-JD-2026-0805', nextDueOn: '2027-02-05', version: 2 });
    expect(g.verifications).toEqual([
      expect.objectContaining({ verifiedOn: '2026-08-05', certificateNo: 'SY-JD-2026-0805', dueOn: '2026-07-31', onTime: false, outcome: 'verified', requestId: ev.data.requestId, requestNumber: ev.data.number, superseded: false }),
    ]);
    const x = await read(elsewhere.id);
    expect(x).toMatchObject({ lastVerifiedOn: '2026-02-20', certificateNo: 'DL-JD-2026-0220', nextDueOn: '2027-02-20' });
    expect(x.verifications[0]).toMatchObject({ dueOn: '2026-03-10', onTime: true, outcome: 'verified_elsewhere' });
    // The enterprise reads its own instrument's history too.
    expect((await api().get(`/instruments/${gauge.id}`).set(enterpriseUser(e.id))).body.verifications).toHaveLength(1);
  });

  it('never moves the dates back for a verification older than the one held', async () => {
    const e = await register(svc, shenyangLiaison);
    const gauge = await registerGauge(e.id, { lastVerifiedOn: '2026-05-01', certificateNo: 'SY-JD-2026-0501' });
    await world.produce(REQUEST_TOPIC, [resultsEvent(e.id, [{ instrumentId: gauge.id, serialNo: gauge.serialNo, outcome: 'verified_elsewhere', verifiedOn: '2026-03-01', certificateNo: 'OLD-0301' }])]);
    await untilVerifications(gauge.id, 1);
    const g = await read(gauge.id);
    expect(g).toMatchObject({ lastVerifiedOn: '2026-05-01', certificateNo: 'SY-JD-2026-0501', nextDueOn: '2026-11-01' });
    expect(g.verifications[0]).toMatchObject({ verifiedOn: '2026-03-01', certificateNo: 'OLD-0301', superseded: true });
  });

  it('records a repeated event once, and a repeated result under a new event id once too', async () => {
    const e = await register(svc, shenyangLiaison);
    const gauge = await registerGauge(e.id);
    const marker = await registerGauge(e.id);
    const result: Result = { instrumentId: gauge.id, serialNo: gauge.serialNo, outcome: 'verified', verifiedOn: '2026-06-30', certificateNo: 'SY-JD-2026-0630' };
    const ev = resultsEvent(e.id, [result]);
    const resent = resultsEvent(e.id, [result], ev.data.requestId);
    const before = svc.runtime.consumers[0]!.stats.duplicates;
    await world.produce(REQUEST_TOPIC, [ev, ev, resent, resultsEvent(e.id, [{ ...result, instrumentId: marker.id, serialNo: marker.serialNo }])]);
    await untilVerifications(marker.id, 1);
    const g = await read(gauge.id);
    expect(g.verifications).toHaveLength(1);
    expect(g).toMatchObject({ version: 2, lastVerifiedOn: '2026-06-30', nextDueOn: '2026-12-30' });
    expect(svc.runtime.consumers[0]!.stats.duplicates).toBeGreaterThan(before);
  });

  it("skips another enterprise's instrument and ignores other request events without dead-lettering them", async () => {
    const dlq = await world.tap([`${REQUEST_TOPIC}.dlq`]);
    try {
      const mine = await register(svc, shenyangLiaison);
      const theirs = await register(svc, shenyangLiaison);
      const foreign = await registerGauge(theirs.id);
      const marker = await registerGauge(mine.id);
      const responded = eventFor(requestResponded, { subject: uniq('request'), source: 'requests', data: { ...ref(mine.id), by: 'liaison-sy' } }).event;
      const poisonKey = uniq('poison');
      await world.produce(REQUEST_TOPIC, [
        resultsEvent(mine.id, [{ instrumentId: foreign.id, serialNo: foreign.serialNo, outcome: 'verified', verifiedOn: '2026-06-01', certificateNo: 'X-1' }]),
        { key: responded.subject, value: JSON.stringify(responded) },
        { key: poisonKey, value: '{"id":' },
        resultsEvent(mine.id, [{ instrumentId: marker.id, serialNo: marker.serialNo, outcome: 'verified', verifiedOn: '2026-06-01', certificateNo: 'X-2' }]),
      ]);
      await untilVerifications(marker.id, 1);
      await dlq.waitFor((m) => m.key === poisonKey, SLOW);
      expect(dlq.messages.some((m) => m.key === responded.subject)).toBe(false);
      expect(await read(foreign.id)).toMatchObject({ version: 1, verifications: [], lastVerifiedOn: '2026-01-31' });
    } finally {
      await dlq.stop();
    }
  });

  it('dead-letters a results event that breaks the contract, naming the field, and keeps consuming', async () => {
    const dlq = await world.tap([`${REQUEST_TOPIC}.dlq`]);
    try {
      const e = await register(svc, shenyangLiaison);
      const gauge = await registerGauge(e.id);
      const bad = resultsEvent(e.id, [{ instrumentId: gauge.id, serialNo: gauge.serialNo, outcome: 'verified', verifiedOn: '2026-06-01', certificateNo: 'BAD' }]);
      const broken = JSON.parse(bad.value);
      broken.data.results[0].outcome = 'guessed';
      const after = resultsEvent(e.id, [{ instrumentId: gauge.id, serialNo: gauge.serialNo, outcome: 'verified', verifiedOn: '2026-06-02', certificateNo: 'GOOD' }]);
      await world.produce(REQUEST_TOPIC, [{ key: bad.key, value: JSON.stringify(broken) }, after]);
      const [dead] = await dlq.waitFor((m) => m.key === bad.key, SLOW);
      expect(dead!.headers['dlq-error']).toMatch(/results\.0\.outcome/);
      await untilVerifications(gauge.id, 1);
      expect((await read(gauge.id)).verifications.map((v: { certificateNo: string }) => v.certificateNo)).toEqual(['GOOD']);
    } finally {
      await dlq.stop();
    }
  });
});
