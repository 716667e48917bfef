import request from 'supertest';
import { TopicTap, uniq, produceRaw } from '@metrodesk/testkit';
import { REQUEST_TOPIC, INSTRUMENT_TOPIC, instrumentsDue } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { RequestsService } from '../../src/service';
import { fileFromDue, requestIdForDue } from '../../src/use-cases/file-from-due';
import { PATIENCE, waitUntilHandled, startService, seedEnterprise, enterpriseUser, liaison, envelope, SHENYANG } from '../fixtures/service';

jest.setTimeout(120000);

let svc: RequestsService;
let tap: TopicTap;
let ent: string;

beforeAll(async () => {
  svc = await startService();
  tap = await new TopicTap([REQUEST_TOPIC, `${INSTRUMENT_TOPIC}.dlq`]).start();
  ent = await seedEnterprise(svc, SHENYANG, '沈阳热力集团');
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
});

const filedEvents = (id: string) => tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.filed');
const item = (over: Record<string, unknown>) => ({
  instrumentId: uniq('i'), instrumentClass: 'pressure_gauge', model: 'Y-100', serialNo: uniq('SN'), location: '锅炉房', use: 'safety',
  compulsory: true, lastVerifiedOn: '2025-06-01', certificateNo: null, nextDueOn: '2026-06-01', overdue: false, ...over,
});
const dueEvent = (enterpriseId: string, instruments: Record<string, unknown>[]) =>
  envelope(instrumentsDue, enterpriseId, { enterpriseId, cityCode: SHENYANG, runDate: '2026-06-10', instruments } as never, 'accounts');

describe('proactive requests from instruments falling due', () => {
  it('opens one verification request per due event, however often it comes, listing the instruments in words', async () => {
    const overdueGauge = item({ overdue: true, nextDueOn: '2026-06-01' });
    const event = dueEvent(ent, [overdueGauge, item({ nextDueOn: '2026-06-20', location: null }), item({ instrumentClass: 'gas_alarm', model: null, compulsory: false, use: 'process_control', nextDueOn: '2026-07-01' })]);
    await produceRaw(INSTRUMENT_TOPIC, [{ key: ent, value: JSON.stringify(event) }, { key: ent, value: JSON.stringify(event) }]);
    const id = requestIdForDue(event.id);
    const [filed] = await tap.waitFor((m) => m.key === id, { timeoutMs: PATIENCE });
    expect((filed!.value as EventEnvelope<{ source: string }>).data).toMatchObject({ source: 'proactive', category: 'verification_calibration', filedBy: 'system', filedByRole: 'service' });
    expect((filed!.value as EventEnvelope).correlationid).toBe(event.id);

    const res = await request(svc.app).get(`/requests/${id}`).set(enterpriseUser(ent));
    expect(res.body).toMatchObject({
      source: 'proactive', category: 'verification_calibration', state: 'filed', priority: 'urgent', enterpriseId: ent, enterpriseName: '沈阳热力集团',
      instruments: [{ class: 'pressure_gauge', count: 2, model: null }, { class: 'gas_alarm', count: 1, model: null }],
      title: '计量器具检定到期提醒：3 台（其中 1 台已逾期）',
    });
    // A proactive request is numbered in its city's series like any other.
    expect(res.body.number).toMatch(new RegExp(`^${res.body.cityCode}-\\d{4}-\\d{6}$`));
    expect(res.body.description).toContain(`压力表 Y-100 出厂编号 ${overdueGauge.serialNo}，使用地点 锅炉房：已于 2026-06-01 到期，已逾期（强制检定）`);
    expect(res.body.description).toContain('燃气报警器 出厂编号');
    expect(res.body.description).not.toMatch(/pressure_gauge|gas_alarm/);
    expect((await request(svc.app).get(`/requests/${id}`).set(liaison('l-sy'))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(filedEvents(id)).toHaveLength(1);
  });

  it('files nothing twice when the handler runs again after a crash before the event was recorded as processed', async () => {
    const event = dueEvent(ent, [item({})]);
    const first = await fileFromDue(svc.deps, event.id, event.data, new Date());
    const again = await fileFromDue(svc.deps, event.id, event.data, new Date());
    expect(first).toEqual({ created: true, requestId: requestIdForDue(event.id) });
    expect(again).toEqual({ created: false, requestId: first.requestId });
  });

  it('dead-letters a poison due event and goes on with the next', async () => {
    const poisonKey = uniq('poison');
    const bad = { ...dueEvent(ent, [item({})]), data: { enterpriseId: ent, instruments: 'none' } };
    const good = dueEvent(ent, [item({})]);
    await produceRaw(INSTRUMENT_TOPIC, [{ key: poisonKey, value: JSON.stringify(bad) }, { key: ent, value: JSON.stringify(good) }]);
    await tap.waitFor((m) => m.key === poisonKey && m.topic === `${INSTRUMENT_TOPIC}.dlq`, { timeoutMs: PATIENCE });
    await waitUntilHandled(svc, good.id);
    expect((await request(svc.app).get(`/requests/${requestIdForDue(good.id)}`).set(enterpriseUser(ent))).body.source).toBe('proactive');
  });
});
