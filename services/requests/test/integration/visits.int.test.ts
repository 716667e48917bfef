import request from 'supertest';
import { uniq, waitFor } from '@metrodesk/testkit';
import { REQUEST_TOPIC, QUALIFICATION_TOPIC, fileFiled, fileExpired, fileSuspended } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { MongoRequestRepository } from '../../src/persistence/request.repository';
import { localDate } from '../../src/domain/qualification';
import { PATIENCE, startService, seedEnterprise, enterpriseUser, liaison, manager, filing, fileAs, envelope, waitUntilHandled, DALIAN, SHENYANG, type Headers, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

const run = world.serve(() => startService(), [REQUEST_TOPIC, `${QUALIFICATION_TOPIC}.dlq`]);
let ent: string;
beforeAll(async () => (ent = await seedEnterprise(run.svc, SHENYANG, '沈阳热力集团')));
const MANAGER = manager(SHENYANG);
const INSTITUTE = '12210100MB0TEST00X';


const day = (offset: number) => localDate(new Date(Date.now() + offset * 86400_000));

interface FileOver {
  personKey: string;
  personName: string;
  fileId?: string;
  version?: number;
  scope?: string[];
  expiresOn?: string;
  cityCode?: string;
  certificateNo?: string;
  status?: 'valid' | 'expiring' | 'expired' | 'revoked' | 'suspended';
}
const fileData = (f: FileOver) => ({
  fileId: f.fileId ?? `file-${f.personKey}`,
  version: f.version ?? 1,
  personKey: f.personKey,
  personName: f.personName,
  employerUscc: INSTITUTE,
  employerName: '沈阳市计量测试所',
  cityCode: f.cityCode ?? SHENYANG,
  type: 'verifier',
  scope: f.scope ?? ['pressure gauge', 'gas alarm'],
  certificateNo: f.certificateNo ?? `JD-${f.personKey}`,
  issuedOn: day(-300),
  expiresOn: f.expiresOn ?? day(300),
  status: f.status ?? 'valid',
});

/** Announces a qualification file as the qualifications service would, and waits until it is handled. */
async function announce(def: typeof fileFiled | typeof fileExpired | typeof fileSuspended, f: FileOver, times = 1) {
  const data = def === fileSuspended ? { ...fileData(f), reason: 'under investigation' } : fileData(f);
  const e = envelope(def as typeof fileSuspended, f.personKey, data as never);
  const stats = run.svc.runtime.consumers[0]!.stats;
  const duplicatesBefore = stats.duplicates;
  await world.produce(QUALIFICATION_TOPIC, Array.from({ length: times }, () => ({ key: f.personKey, value: JSON.stringify(e) })));
  await waitUntilHandled(run.svc, e.id);
  // Each copy after the first must have been seen (and skipped) before the test looks.
  await waitFor(() => stats.duplicates >= duplicatesBefore + times - 1, { timeoutMs: PATIENCE, what: 'the duplicates to arrive' });
  return e;
}

async function verifier(name: string, over: Partial<FileOver> = {}) {
  const f = { personKey: uniq('person'), personName: name, ...over };
  await announce(fileFiled, f);
  return f;
}

const get = async (id: string, who: Headers = MANAGER) => (await request(run.svc.app).get(`/requests/${id}`).set(who)).body;

async function assigned(assignee = 'alice', body = filing({ category: 'verification_calibration', instruments: [{ class: 'pressure gauge', count: 24 }] })) {
  const r = await fileAs(run.svc, enterpriseUser(ent), body);
  const res = await request(run.svc.app).post(`/requests/${r.id}/assign`).set(MANAGER).send({ version: r.version, assigneeId: assignee });
  expect(res.status).toBe(200);
  return res.body as { id: string; version: number };
}

async function schedule(id: string, who: Headers, body: Record<string, unknown>) {
  const { version } = await get(id);
  return request(run.svc.app).post(`/requests/${id}/visits`).set(who).send({ version, slot: 'morning', ...body });
}

async function eventsOf(id: string, type: string) {
  await run.tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === type, { timeoutMs: PATIENCE, what: `${type} for ${id}` });
  return run.tap.find((m) => m.key === id && (m.value as EventEnvelope).type === type).map((m) => (m.value as EventEnvelope<Record<string, unknown>>).data);
}

describe('visits and the qualification gate', () => {
  it('schedules a visit with a qualified verifier; the timeline and the event name the verifier', async () => {
    const zhang = await verifier('张检定');
    const r = await assigned();
    const res = await schedule(r.id, liaison('alice'), { date: day(3), slot: 'afternoon', verifierKeys: [zhang.personKey] });
    expect(res.status).toBe(201);
    expect(res.body.visits).toEqual([
      expect.objectContaining({
        date: day(3),
        slot: 'afternoon',
        status: 'scheduled',
        siteAddress: '沈阳市铁西区北二路 1 号',
        instruments: [{ class: 'pressure gauge', count: 24 }],
        verifiers: [{ personKey: zhang.personKey, name: '张检定', instituteUscc: INSTITUTE, instituteName: '沈阳市计量测试所', userId: null }],
      }),
    ]);
    const [scheduled] = await eventsOf(r.id, 'requests.request.visit-scheduled');
    expect(scheduled).toMatchObject({ visitId: res.body.visits[0].id, date: day(3), slot: 'afternoon', verifiers: [{ name: '张检定' }], by: 'alice' });
    const timeline = (await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(MANAGER)).body;
    expect(timeline.history.at(-1)).toMatchObject({ action: 'visit_scheduled', by: 'alice', note: `${day(3)} afternoon · 张检定 · pressure gauge × 24` });
    // Only the assignee or a manager arranges visits.
    expect((await schedule(r.id, liaison('bob'), { date: day(3), verifierKeys: [zhang.personKey] })).status).toBe(403);
  });

  it('refuses a verifier whose file expires before the visit with 422 naming the verifier, the certificate and the date', async () => {
    const li = await verifier('李检定', { expiresOn: day(5), certificateNo: uniq('JD-LI') });
    const r = await assigned();
    const res = await schedule(r.id, MANAGER, { date: day(6), verifierKeys: [li.personKey] });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'verifier_not_qualified', verifier: '李检定', certificateNo: li.certificateNo, date: day(6), instrumentClass: 'pressure gauge' });
    expect(res.body.detail).toContain(`李检定 cannot make the visit on ${day(6)}: certificate ${li.certificateNo} expires on ${day(5)}`);
    expect((await get(r.id)).visits).toEqual([]);
  });

  it('refuses a verifier whose scope does not cover an instrument class, and one with no file at all', async () => {
    const wang = await verifier('王检定', { scope: ['gas alarm'] });
    const r = await assigned();
    const res = await schedule(r.id, MANAGER, { date: day(2), verifierKeys: [wang.personKey] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ verifier: '王检定', instrumentClass: 'pressure gauge', certificateNo: wang.certificateNo ?? `JD-${wang.personKey}` });
    expect(res.body.detail).toContain("does not cover instrument class 'pressure gauge'");
    expect((await schedule(r.id, MANAGER, { date: day(2), verifierKeys: [uniq('nobody')] })).status).toBe(404);
  });

  it('re-checks on rescheduling: moving the visit past the expiry is refused and the visit stays as it was', async () => {
    const zhao = await verifier('赵检定', { expiresOn: day(10) });
    const r = await assigned();
    const created = await schedule(r.id, MANAGER, { date: day(4), verifierKeys: [zhao.personKey] });
    expect(created.status).toBe(201);
    const visitId = created.body.visits[0].id;
    const later = await request(run.svc.app).put(`/requests/${r.id}/visits/${visitId}`).set(MANAGER).send({ version: created.body.version, date: day(11), slot: 'morning', verifierKeys: [zhao.personKey] });
    expect(later.status).toBe(422);
    expect(later.body).toMatchObject({ verifier: '赵检定', date: day(11) });
    const moved = await request(run.svc.app).put(`/requests/${r.id}/visits/${visitId}`).set(MANAGER).send({ version: created.body.version, date: day(9), slot: 'afternoon', verifierKeys: [zhao.personKey] });
    expect(moved.status).toBe(200);
    expect(moved.body.visits[0]).toMatchObject({ date: day(9), slot: 'afternoon', status: 'scheduled' });
    const [re] = await eventsOf(r.id, 'requests.request.visit-rescheduled');
    expect(re).toMatchObject({ previousDate: day(4), date: day(9) });
    const cancelled = await request(run.svc.app).post(`/requests/${r.id}/visits/${visitId}/cancel`).set(MANAGER).send({ version: moved.body.version, reason: '企业停产检修' });
    expect(cancelled.body.visits[0]).toMatchObject({ status: 'cancelled', cancelReason: '企业停产检修' });
    await eventsOf(r.id, 'requests.request.visit-cancelled');
  });

  it('completes a visit held today with what was verified', async () => {
    const sun = await verifier('孙检定');
    const r = await assigned();
    const created = await schedule(r.id, MANAGER, { date: day(0), verifierKeys: [sun.personKey] });
    const visitId = created.body.visits[0].id;
    const done = await request(run.svc.app)
      .post(`/requests/${r.id}/visits/${visitId}/complete`)
      .set(liaison('alice'))
      .send({ version: created.body.version, verified: [{ class: 'pressure gauge', count: 24 }], freeOfCharge: true, certificateNos: ['JJG-2026-0001'] });
    expect(done.status).toBe(200);
    expect(done.body.visits[0]).toMatchObject({ status: 'completed', result: { verified: [{ class: 'pressure gauge', count: 24 }], freeOfCharge: true, certificateNos: ['JJG-2026-0001'], by: 'alice' } });
    const [completed] = await eventsOf(r.id, 'requests.request.visit-completed');
    expect(completed).toMatchObject({ freeOfCharge: true, verified: [{ class: 'pressure gauge', count: 24 }] });
  });
});

describe('qualification events', () => {
  it('a suspended file flags the scheduled visit once (duplicate delivered), in the timeline, the queue and visit_flagged', async () => {
    const qian = await verifier('钱检定');
    const r = await assigned('flag-liaison');
    const created = await schedule(r.id, MANAGER, { date: day(5), verifierKeys: [qian.personKey] });
    expect(created.status).toBe(201);
    await announce(fileSuspended, { ...qian, version: 2, status: 'suspended' }, 2);
    const after = await get(r.id);
    expect(after.visits[0].flags).toEqual([expect.objectContaining({ verifierName: '钱检定', certificateNo: `JD-${qian.personKey}`, reason: expect.stringContaining('is suspended') })]);
    expect(after.attention).toEqual(['visit_flagged']);
    const queue = await request(run.svc.app).get('/requests').query({ assigneeId: 'flag-liaison' }).set(liaison('flag-liaison'));
    expect(queue.body.items.find((x: { id: string }) => x.id === r.id).attention).toEqual(['visit_flagged']);
    const timeline = (await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(MANAGER)).body;
    expect(timeline.history.filter((h: { action: string }) => h.action === 'visit_flagged')).toHaveLength(1);
    const flagged = await eventsOf(r.id, 'requests.request.visit-flagged');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ assigneeId: 'flag-liaison', personKey: qian.personKey, verifierName: '钱检定', reason: expect.stringContaining('suspended') });
    // Rescheduling with a qualified verifier clears the marker.
    const zhou = await verifier('周检定');
    const fixed = await request(run.svc.app).put(`/requests/${r.id}/visits/${after.visits[0].id}`).set(MANAGER).send({ version: after.version, date: day(5), slot: 'morning', verifierKeys: [zhou.personKey] });
    expect(fixed.body).toMatchObject({ attention: [], visits: [expect.objectContaining({ flags: [], verifiers: [expect.objectContaining({ name: '周检定' })] })] });
  });

  it('a request stored before it listed its visits\' people is found once the repository fills the list in at start', async () => {
    const sun = await verifier('孙检定');
    const r = await assigned('fill-liaison');
    expect((await schedule(r.id, MANAGER, { date: day(6), verifierKeys: [sun.personKey] })).status).toBe(201);
    // As stored by an older version of the service: no visitPeople, and no marker of the fill.
    const db = run.svc.runtime.mongo;
    await db.collection('requests').updateOne({ _id: r.id as never }, { $unset: { visitPeople: '' } });
    await db.collection('requests_meta').deleteOne({ _id: 'visitPeople' as never });
    expect(await run.svc.deps.requests.idsWithVisitsOf(sun.personKey)).toEqual([]);
    await (run.svc.deps.requests as MongoRequestRepository).init();
    expect(await run.svc.deps.requests.idsWithVisitsOf(sun.personKey)).toEqual([r.id]);
    await announce(fileSuspended, { ...sun, version: 2, status: 'suspended' }, 2);
    expect((await get(r.id)).attention).toEqual(['visit_flagged']);
  });

  it('a file expiring before the visit date flags it; an older version delivered late does not roll the file back', async () => {
    const wu = await verifier('吴检定', { version: 3 });
    const r = await assigned();
    await schedule(r.id, MANAGER, { date: day(8), verifierKeys: [wu.personKey] });
    await announce(fileExpired, { ...wu, version: 4, expiresOn: day(-1), status: 'expired' });
    expect((await get(r.id)).attention).toEqual(['visit_flagged']);
    await announce(fileFiled, { ...wu, version: 2 });
    expect((await get(r.id)).visits[0].flags).toHaveLength(1);
    const list = await request(run.svc.app).get('/requests/verifiers').query({ institute: INSTITUTE, classes: 'pressure gauge', date: day(8) }).set(MANAGER);
    const seen = list.body.institutes[0].verifiers.find((v: { personKey: string }) => v.personKey === wu.personKey);
    expect(seen).toMatchObject({ qualified: false, reasons: [expect.stringContaining('expires on')] });
  });

  it('dead-letters a poison qualification event and goes on', async () => {
    const key = uniq('poison');
    await world.produce(QUALIFICATION_TOPIC, [{ key, value: JSON.stringify({ ...envelope(fileFiled, key, fileData({ personKey: key, personName: 'x' })), data: { personKey: key } }) }]);
    await run.tap.waitFor((m) => m.key === key && m.topic === world.topic(`${QUALIFICATION_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    const next = await verifier('郑检定');
    const list = await request(run.svc.app).get('/requests/verifiers').query({ institute: INSTITUTE }).set(MANAGER);
    expect(list.body.institutes[0].verifiers.map((v: { personKey: string }) => v.personKey)).toContain(next.personKey);
  });
});

describe('verifiers', () => {
  it('lists verifiers by institute, qualified for the classes on the date or why not, within the caller city; a manager links a user account', async () => {
    const ok = await verifier('冯检定');
    const narrow = await verifier('陈检定', { scope: ['gas alarm'] });
    const dalian = await verifier('褚检定', { cityCode: DALIAN });
    const res = await request(run.svc.app).get('/requests/verifiers').query({ cityCode: SHENYANG, institute: INSTITUTE, classes: 'pressure gauge', date: day(1) }).set(liaison('alice'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: day(1), classes: ['pressure gauge'] });
    const people = res.body.institutes[0].verifiers as { personKey: string; qualified: boolean; reasons: string[] }[];
    expect(people.find((p) => p.personKey === ok.personKey)).toMatchObject({ qualified: true, reasons: [] });
    expect(people.find((p) => p.personKey === narrow.personKey)).toMatchObject({ qualified: false, reasons: [expect.stringContaining("does not cover instrument class 'pressure gauge'")] });
    expect(people.find((p) => p.personKey === dalian.personKey)).toBeUndefined();
    expect((await request(run.svc.app).get('/requests/verifiers').query({ cityCode: DALIAN }).set(liaison('alice'))).body.institutes).toEqual([]);
    expect((await request(run.svc.app).get('/requests/verifiers').set(enterpriseUser(ent))).status).toBe(403);

    expect((await request(run.svc.app).put(`/requests/verifiers/${ok.personKey}/user`).set(liaison('alice')).send({ userId: 'alice', userName: '艾丽' })).status).toBe(403);
    expect((await request(run.svc.app).put(`/requests/verifiers/${dalian.personKey}/user`).set(MANAGER).send({ userId: 'alice', userName: '艾丽' })).status).toBe(404);
    const linked = await request(run.svc.app).put(`/requests/verifiers/${ok.personKey}/user`).set(MANAGER).send({ userId: 'alice', userName: '艾丽' });
    expect(linked.body).toMatchObject({ personKey: ok.personKey, userId: 'alice', userName: '艾丽' });
    const r = await assigned();
    const visit = await schedule(r.id, MANAGER, { date: day(1), verifierKeys: [ok.personKey] });
    expect(visit.body.visits[0].verifiers[0]).toMatchObject({ name: '冯检定', userId: 'alice' });
  });
});
