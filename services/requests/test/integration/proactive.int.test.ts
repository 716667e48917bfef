import request from 'supertest';
import { uniq } from '@metrodesk/testkit';
import { REQUEST_TOPIC, INSTRUMENT_TOPIC, instrumentsDue } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import { fileFromDue, requestIdForDue } from '../../src/use-cases/file-from-due';
import { PATIENCE, waitUntilHandled, startService, seedEnterprise, enterpriseUser, liaison, manager, envelope, SHENYANG, DALIAN, type Headers, world } from '../fixtures/service';

jest.setTimeout(120000);

const run = world.serve(() => startService(), [REQUEST_TOPIC, `${INSTRUMENT_TOPIC}.dlq`]);
let ent: string;
beforeAll(async () => (ent = await seedEnterprise(run.svc, SHENYANG, '沈阳热力集团')));


const filedEvents = (id: string) => run.tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.filed');
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
    await world.produce(INSTRUMENT_TOPIC, [{ key: ent, value: JSON.stringify(event) }, { key: ent, value: JSON.stringify(event) }]);
    const id = requestIdForDue(event.id);
    const [filed] = await run.tap.waitFor((m) => m.key === id, { timeoutMs: PATIENCE });
    expect((filed!.value as EventEnvelope<{ source: string }>).data).toMatchObject({ source: 'proactive', category: 'verification_calibration', filedBy: 'system', filedByRole: 'service' });
    expect((filed!.value as EventEnvelope).correlationid).toBe(event.id);

    const res = await request(run.svc.app).get(`/requests/${id}`).set(enterpriseUser(ent));
    expect(res.body).toMatchObject({
      source: 'proactive', channel: 'proactive', category: 'verification_calibration', state: 'filed', priority: 'urgent', enterpriseId: ent, enterpriseName: '沈阳热力集团',
      instruments: [{ class: 'pressure_gauge', count: 2, model: null }, { class: 'gas_alarm', count: 1, model: null }],
      title: '计量器具检定到期提醒：3 台（其中 1 台已逾期）',
    });
    // A proactive request is numbered in its city's series like any other.
    expect(res.body.number).toMatch(new RegExp(`^${res.body.cityCode}-\\d{4}-\\d{6}$`));
    expect(res.body.description).toContain(`压力表 Y-100 出厂编号 ${overdueGauge.serialNo}，使用地点 锅炉房：已于 2026-06-01 到期，已逾期（强制检定）`);
    expect(res.body.description).toContain('燃气报警器 出厂编号');
    expect(res.body.description).not.toMatch(/pressure_gauge|gas_alarm/);
    expect((await request(run.svc.app).get(`/requests/${id}`).set(liaison('l-sy'))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(filedEvents(id)).toHaveLength(1);
  });

  it('files nothing twice when the handler runs again after a crash before the event was recorded as processed', async () => {
    const event = dueEvent(await seedEnterprise(run.svc, SHENYANG), [item({})]);
    const first = await fileFromDue(run.svc.deps, event.id, event.data, new Date());
    const again = await fileFromDue(run.svc.deps, event.id, event.data, new Date());
    expect(first).toEqual({ created: true, requestId: requestIdForDue(event.id) });
    expect(again).toEqual({ created: false, requestId: first.requestId });
  });

  it('dead-letters a poison due event and goes on with the next', async () => {
    const poisonKey = uniq('poison');
    const fresh = await seedEnterprise(run.svc, SHENYANG);
    const bad = { ...dueEvent(fresh, [item({})]), data: { enterpriseId: fresh, instruments: 'none' } };
    const good = dueEvent(fresh, [item({})]);
    await world.produce(INSTRUMENT_TOPIC, [{ key: poisonKey, value: JSON.stringify(bad) }, { key: fresh, value: JSON.stringify(good) }]);
    await run.tap.waitFor((m) => m.key === poisonKey && m.topic === world.topic(`${INSTRUMENT_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    await waitUntilHandled(run.svc, good.id);
    expect((await request(run.svc.app).get(`/requests/${requestIdForDue(good.id)}`).set(enterpriseUser(fresh))).body.source).toBe('proactive');
  });
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const dayFromToday = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
const get = async (id: string, who: Headers) => (await request(run.svc.app).get(`/requests/${id}`).set(who)).body;
const post = async (id: string, path: string, who: Headers, body: Record<string, unknown> = {}) => {
  const { version } = await get(id, manager());
  return request(run.svc.app).post(`/requests/${id}/${path}`).set(who).send({ version, ...body });
};
const resultEvents = (id: string) => run.tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.instrument-results').map((m) => (m.value as EventEnvelope<{ results: unknown[]; by: string }>).data);

/** A proactive request of a new enterprise of Shenyang, filed straight from a due event. */
async function proactive(instruments: Record<string, unknown>[]) {
  const enterpriseId = await seedEnterprise(run.svc, SHENYANG, '沈阳燃气');
  const event = dueEvent(enterpriseId, instruments);
  const { requestId } = await fileFromDue(run.svc.deps, event.id, event.data, new Date());
  return { enterpriseId, id: requestId, ent: enterpriseUser(enterpriseId) };
}

describe('a later due event for an enterprise with an open proactive request', () => {
  it('adds only the instruments not yet listed to that request, once however often the event comes', async () => {
    const gauge = item({});
    const { enterpriseId, id, ent: who } = await proactive([gauge]);
    const later = dueEvent(enterpriseId, [gauge, item({ instrumentClass: 'flow_meter', overdue: true })]);
    await world.produce(INSTRUMENT_TOPIC, [{ key: enterpriseId, value: JSON.stringify(later) }, { key: enterpriseId, value: JSON.stringify(later) }]);
    await waitUntilHandled(run.svc, later.id);
    const r = await get(id, who);
    expect(r.dueInstruments.map((i: { serialNo: string }) => i.serialNo)).toEqual([gauge.serialNo, later.data.instruments[1]!.serialNo]);
    expect(r.instruments).toEqual([{ class: 'pressure_gauge', count: 1, model: null }, { class: 'flow_meter', count: 1, model: null }]);
    expect(r.version).toBe(2);
    // The flow meter is compulsory and overdue: the request became urgent.
    expect(r.priority).toBe('urgent');
    const list = await request(run.svc.app).get(`/requests?enterpriseId=${enterpriseId}`).set(who);
    expect(list.body.total).toBe(1);
    const timeline = await request(run.svc.app).get(`/requests/${id}/timeline`).set(who);
    expect(timeline.body.history.filter((h: { action: string }) => h.action === 'instruments_added').map((h: { note: string }) => h.note)).toEqual(['新到期器具 1 件']);

    // Handled again after a crash before it was recorded as processed: nothing changes.
    expect(await fileFromDue(run.svc.deps, later.id, later.data, new Date())).toEqual({ created: false, requestId: id });
    expect((await get(id, who)).version).toBe(2);
  });

  it('opens a new request once the earlier one is no longer open', async () => {
    const first = item({});
    const { enterpriseId, id, ent: who } = await proactive([first]);
    const declined = await post(id, 'instruments/decline', who, { items: [{ instrumentId: first.instrumentId, certificateNo: 'ZS-1', verifiedOn: today() }] });
    expect(declined.body.state).toBe('resolved');
    const next = dueEvent(enterpriseId, [item({})]);
    expect(await fileFromDue(run.svc.deps, next.id, next.data, new Date())).toEqual({ created: true, requestId: requestIdForDue(next.id) });
  });
});

describe('the enterprise answers a proactive request', () => {
  it('accepts the visit day the city proposed, declines instruments verified elsewhere and is resolved when none is left', async () => {
    const [a, b] = [item({}), item({ instrumentClass: 'gas_alarm' })];
    const { id, ent: who } = await proactive([a, b]);

    const past = await post(id, 'visit-proposal', liaison('l-sy'), { date: dayFromToday(-1) });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'date' })]);
    const day = dayFromToday(7);
    const proposed = await post(id, 'visit-proposal', liaison('l-sy'), { date: day });
    expect(proposed.status).toBe(200);
    expect(proposed.body.visitProposal).toMatchObject({ date: day, acceptedAt: null });
    expect((await post(id, 'visit-proposal/accept', liaison('l-sy'))).status).toBe(403);
    const accepted = await post(id, 'visit-proposal/accept', who);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ preferredDate: day, visitProposal: { date: day, acceptedBy: `user-${accepted.body.enterpriseId}` } });
    const again = await post(id, 'visit-proposal/accept', who);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('no_visit_proposal');

    const unknown = await post(id, 'instruments/decline', who, { items: [{ instrumentId: 'not-listed', certificateNo: 'ZS-9', verifiedOn: today() }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'items.0.instrumentId' })]);
    const future = await post(id, 'instruments/decline', who, { items: [{ instrumentId: a.instrumentId, certificateNo: 'ZS-9', verifiedOn: dayFromToday(2) }] });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'items.0.verifiedOn' })]);
    const noCert = await post(id, 'instruments/decline', who, { items: [{ instrumentId: a.instrumentId, verifiedOn: today() }] });
    expect(noCert.status).toBe(400);
    expect(noCert.body.errors).toEqual([expect.objectContaining({ path: 'items.0.certificateNo' })]);

    const one = await post(id, 'instruments/decline', who, { items: [{ instrumentId: a.instrumentId, certificateNo: 'LN-2026-001', verifiedOn: today() }] });
    expect(one.status).toBe(200);
    expect(one.body.state).toBe('filed');
    expect(one.body.dueInstruments[0].result).toMatchObject({ outcome: 'verified_elsewhere', certificateNo: 'LN-2026-001', verifiedOn: today() });
    const twice = await post(id, 'instruments/decline', who, { items: [{ instrumentId: a.instrumentId, certificateNo: 'LN-2026-001', verifiedOn: today() }] });
    expect(twice.status).toBe(400);

    const last = await post(id, 'instruments/decline', who, { items: [{ instrumentId: b.instrumentId, certificateNo: 'LN-2026-002', verifiedOn: today() }] });
    expect(last.body).toMatchObject({ state: 'resolved', solution: { text: '已在他处检定', solved: true } });
    const [first, second] = await run.tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.instrument-results', { count: 2, timeoutMs: PATIENCE });
    expect([first, second].map((m) => (m!.value as EventEnvelope<{ results: unknown[] }>).data.results)).toEqual([
      [{ instrumentId: a.instrumentId, serialNo: a.serialNo, outcome: 'verified_elsewhere', verifiedOn: today(), certificateNo: 'LN-2026-001' }],
      [{ instrumentId: b.instrumentId, serialNo: b.serialNo, outcome: 'verified_elsewhere', verifiedOn: today(), certificateNo: 'LN-2026-002' }],
    ]);
    await run.tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.resolved', { timeoutMs: PATIENCE });
    const timeline = await request(run.svc.app).get(`/requests/${id}/timeline`).set(who);
    expect(timeline.body.history.map((h: { action: string }) => h.action)).toEqual(['file', 'visit_proposed', 'visit_accepted', 'instruments_declined', 'instruments_declined', 'resolve']);
    expect(timeline.body.history[3].note).toBe(`已在他处检定：压力表 ${a.serialNo}（证书 LN-2026-001，${today()}）`);
  });

  it('lets the declined certificate point at a file attached to the request', async () => {
    const a = item({});
    const { id, ent: who } = await proactive([a, item({})]);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await request(run.svc.app).post(`/requests/${id}/attachments`).set(who).attach('file', pdf, { filename: '检定证书.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    const attachmentId = (await get(id, who)).attachments[0].id;
    const res = await post(id, 'instruments/decline', who, { items: [{ instrumentId: a.instrumentId, certificateNo: 'LN-1', verifiedOn: today(), attachmentId }] });
    expect(res.status).toBe(200);
    expect(res.body.dueInstruments[0].result.attachmentId).toBe(attachmentId);
    const wrong = await post(id, 'instruments/decline', who, { items: [{ instrumentId: res.body.dueInstruments[1].instrumentId, certificateNo: 'LN-2', verifiedOn: today(), attachmentId: 'no-such-file' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'items.0.attachmentId' })]);
  });
});

describe('the bureau names the registered instruments it verified', () => {
  it('after resolution, publishing them verified with their certificates', async () => {
    const [a, b] = [item({}), item({})];
    const { id, ent: who } = await proactive([a, b]);
    const early = await post(id, 'instruments/verified', liaison('l-sy'), { items: [{ instrumentId: a.instrumentId, certificateNo: 'SY-1', verifiedOn: today() }] });
    expect(early.status).toBe(409);
    expect((await post(id, 'assign', manager(), { assigneeId: 'l-sy' })).status).toBe(200);
    expect((await post(id, 'respond', liaison('l-sy'))).status).toBe(200);
    expect((await post(id, 'resolve', liaison('l-sy'), { text: '已上门检定', solved: true, kind: 'on_site_verification' })).status).toBe(200);
    expect((await post(id, 'instruments/verified', who, { items: [{ instrumentId: a.instrumentId, certificateNo: 'SY-1', verifiedOn: today() }] })).status).toBe(403);
    const res = await post(id, 'instruments/verified', liaison('l-sy'), { items: [{ instrumentId: a.instrumentId, certificateNo: 'SY-1', verifiedOn: today() }] });
    expect(res.status).toBe(200);
    expect(res.body.dueInstruments.map((i: { result: { outcome: string } | null }) => i.result?.outcome ?? null)).toEqual(['verified', null]);
    const [event] = await run.tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.instrument-results', { timeoutMs: PATIENCE });
    expect((event!.value as EventEnvelope).data).toMatchObject({ requestId: id, by: 'l-sy', results: [{ instrumentId: a.instrumentId, serialNo: a.serialNo, outcome: 'verified', verifiedOn: today(), certificateNo: 'SY-1' }] });
    expect(resultEvents(id)).toHaveLength(1);
  });
});

describe('who may answer a proactive request', () => {
  it('keeps other enterprises and other cities out, and each side to its own part', async () => {
    const a = item({});
    const { id, ent: who } = await proactive([a]);
    const stranger = enterpriseUser(await seedEnterprise(run.svc, SHENYANG));
    const dalian = liaison('l-dl', DALIAN);
    expect((await post(id, 'visit-proposal', who, { date: dayFromToday(3) })).status).toBe(403);
    expect((await post(id, 'visit-proposal', dalian, { date: dayFromToday(3) })).status).toBe(404);
    expect((await post(id, 'visit-proposal', liaison('l-sy'), { date: dayFromToday(3) })).status).toBe(200);
    expect((await post(id, 'visit-proposal/accept', stranger)).status).toBe(404);
    expect((await post(id, 'visit-proposal/accept', manager())).status).toBe(403);
    const decline = { items: [{ instrumentId: a.instrumentId, certificateNo: 'X-1', verifiedOn: today() }] };
    expect((await post(id, 'instruments/decline', stranger, decline)).status).toBe(404);
    expect((await post(id, 'instruments/decline', liaison('l-sy'), decline)).status).toBe(403);
    expect((await post(id, 'instruments/verified', dalian, decline)).status).toBe(404);
    expect((await get(id, who)).version).toBe(2);
  });

  it('refuses a visit proposal on a request the enterprise filed itself', async () => {
    const enterpriseId = await seedEnterprise(run.svc, SHENYANG);
    const filed = await request(run.svc.app).post('/requests').set(enterpriseUser(enterpriseId)).set('Idempotency-Key', uniq('k')).send({ category: 'verification_calibration', title: '压力表检定', description: '请安排', instruments: [{ class: '压力表', count: 1 }] });
    expect(filed.status).toBe(201);
    const res = await post(filed.body.id, 'visit-proposal', liaison('l-sy'), { date: dayFromToday(3) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('illegal_transition');
  });
});
