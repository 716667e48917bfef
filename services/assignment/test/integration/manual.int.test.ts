import request from 'supertest';
import { TopicTap, uniq } from '@metrodesk/testkit';
import { ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import type { AssignmentService } from '../../src/service';
import {
  addLiaison,
  admin,
  as,
  assignmentOf,
  daysFromToday,
  enterpriseUser,
  filed,
  liaisonOf,
  managerOf,
  newCity,
  province,
  resetDatabase,
  send,
  startService,
  today,
} from '../fixtures/assignment';


// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
let svc: AssignmentService;
let tap: TopicTap;

beforeAll(async () => {
  await resetDatabase();
  svc = await startService(uniq('assignment-manual'));
  tap = await new TopicTap([ASSIGNMENT_TOPIC]).start();
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
});

async function fileAndWait(cityCode: string) {
  const f = filed({ cityCode });
  await send([f]);
  const v = await assignmentOf(svc, f.event.subject, (x) => x.current.status !== 'pending');
  return { requestId: f.event.subject, view: v };
}

describe('manual assignment, transfer, leave and rebalance', () => {
  it('transfers to a named liaison of another city, and to a city where nobody can take it', async () => {
    const [from, to, empty] = [newCity(), newCity(), newCity()];
    const holder = await addLiaison(svc, { cityCode: from });
    const target = await addLiaison(svc, { cityCode: to });
    const { requestId } = await fileAndWait(from);

    const res = await request(svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(from, holder.userId)).send({ toLiaisonId: target.userId, reason: 'the plant moved to the other city' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'transferred', fromAssigneeId: holder.userId, toAssigneeId: target.userId, fromCityCode: from, toCityCode: to, reason: 'the plant moved to the other city' });
    const [msg] = await tap.waitFor((m) => m.key === requestId && (m.value as { type: string }).type === 'assignment.assignment.transferred');
    expect((msg!.value as { data: unknown }).data).toMatchObject({ fromAssigneeId: holder.userId, toAssigneeId: target.userId, toCityCode: to, reason: 'the plant moved to the other city' });

    // The old city's liaison no longer sees it; the new holder moves it on to an empty city.
    expect((await request(svc.app).get(`/requests/${requestId}/assignment`).set(liaisonOf(from, holder.userId))).status).toBe(404);
    const onward = await request(svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(to, target.userId)).send({ toCityCode: empty, reason: 'belongs to that bureau' });
    expect(onward.body).toMatchObject({ kind: 'transferred', toAssigneeId: null, toCityCode: empty, state: { status: 'queued', cityCode: empty } });
    await tap.waitFor((m) => m.key === requestId && (m.value as { type: string }).type === 'assignment.assignment.unroutable');
    const history = await request(svc.app).get(`/requests/${requestId}/assignment`).set(managerOf(empty));
    expect(history.body.history.map((s: { kind: string }) => s.kind)).toEqual(['assigned', 'transferred', 'transferred']);
  });

  it('refuses transfers without a reason, by someone not holding the request, or to an ineligible liaison', async () => {
    const city = newCity();
    const holder = await addLiaison(svc, { cityCode: city });
    const colleague = await addLiaison(svc, { cityCode: city });
    const narrow = await addLiaison(svc, { cityCode: city, categories: ['energy_metrology'] });
    const { requestId, view } = await fileAndWait(city);
    const current = view.current.assigneeId!;
    const other = [holder.userId, colleague.userId].find((id) => id !== current)!;
    const noReason = await request(svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(city, current)).send({ toLiaisonId: other });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    const notHolder = await request(svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(city, other)).send({ toLiaisonId: other, reason: 'mine now' });
    expect(notHolder.status).toBe(403);
    const ineligible = await request(svc.app).post(`/requests/${requestId}/transfer`).set(managerOf(city)).send({ toLiaisonId: narrow.userId, reason: 'try' });
    expect(ineligible.status).toBe(409);
    expect(ineligible.body.code).toBe('not_eligible');
  });

  it('moves open work off a liaison whose leave begins, and routes around them', async () => {
    const city = newCity();
    const tag = uniq('lv');
    const goer = await addLiaison(svc, { userId: `${tag}-a`, cityCode: city, capacity: 10 });
    const first = await fileAndWait(city);
    const second = await fileAndWait(city);
    expect([first.view.current.assigneeId, second.view.current.assigneeId]).toEqual([goer.userId, goer.userId]);
    const stays = await addLiaison(svc, { userId: `${tag}-b`, cityCode: city, capacity: 10 });

    const leave = await request(svc.app).post(`/liaisons/${goer.userId}/leaves`).set(managerOf(city)).send({ version: goer.version, from: today(), to: daysFromToday(5), reason: 'annual leave' });
    expect(leave.status).toBe(200);
    expect(leave.body.reassigned).toEqual({ moved: 2, queued: 0 });
    for (const { requestId } of [first, second]) {
      const v = await assignmentOf(svc, requestId);
      expect(v.current.assigneeId).toBe(stays.userId);
      expect(v.history.at(-1)).toMatchObject({ kind: 'assigned', how: 'leave', fromAssigneeId: goer.userId });
    }
    await tap.waitFor((m) => m.key === first.requestId && (m.value as { data: { how?: string } }).data.how === 'leave');
    // Less loaded, but on leave: new work goes to the other liaison.
    const third = await fileAndWait(city);
    expect(third.view.current.assigneeId).toBe(stays.userId);
    const stale = await request(svc.app).post(`/liaisons/${goer.userId}/leaves`).set(managerOf(city)).send({ version: goer.version, from: today(), to: today() });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
  });

  it('lets a manager assign by hand and rebalance, reporting min/median/max load', async () => {
    const city = newCity();
    const tag = uniq('rb');
    const a = await addLiaison(svc, { userId: `${tag}-a`, cityCode: city, capacity: 10 });
    const work = [await fileAndWait(city), await fileAndWait(city), await fileAndWait(city), await fileAndWait(city)];
    expect(work.every((w) => w.view.current.assigneeId === a.userId)).toBe(true);
    const b = await addLiaison(svc, { userId: `${tag}-b`, cityCode: city, capacity: 10 });
    const c = await addLiaison(svc, { userId: `${tag}-c`, cityCode: city, capacity: 10 });

    const manual = await request(svc.app).post(`/requests/${work[0]!.requestId}/assign`).set(managerOf(city)).send({ liaisonId: b.userId });
    expect(manual.status).toBe(200);
    expect(manual.body).toMatchObject({ kind: 'assigned', how: 'manual', fromAssigneeId: a.userId, toAssigneeId: b.userId });
    const before = await request(svc.app).get(`/reports/fairness?cityCode=${city}`).set(managerOf(city));
    expect(before.body).toEqual([{ cityCode: city, liaisons: 3, min: 0, median: 0.1, max: 0.3 }]);

    const moves = await request(svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(city));
    expect(moves.status).toBe(200);
    expect(moves.body).toEqual([expect.objectContaining({ from: a.userId, to: c.userId })]);
    const after = await request(svc.app).get(`/reports/fairness?cityCode=${city}`).set(managerOf(city));
    expect(after.body).toEqual([{ cityCode: city, liaisons: 3, min: 0.1, median: 0.1, max: 0.2 }]);
    const moved = await assignmentOf(svc, moves.body[0].requestId);
    expect(moved.history.at(-1)).toMatchObject({ how: 'rebalance', toAssigneeId: c.userId });
    // A second rebalance finds nothing worth moving.
    expect((await request(svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(city))).body).toEqual([]);
  });

  it('manages the roster and rules through the API', async () => {
    const city = newCity();
    const l = await addLiaison(svc, { cityCode: city });
    const patched = await request(svc.app).patch(`/liaisons/${l.userId}`).set(managerOf(city)).send({ version: l.version, capacity: 7, categories: ['other'] });
    expect(patched.status).toBe(200);
    expect(patched.body.liaison).toMatchObject({ capacity: 7, categories: ['other'], version: 2 });
    const dup = await request(svc.app).post('/liaisons').set(admin).send({ userId: l.userId, name: 'x', cityCode: city, categories: [], capacity: 1 });
    expect(dup.status).toBe(409);

    const defaults = await request(svc.app).get(`/rules/${city}`).set(liaisonOf(city, l.userId));
    expect(defaults.body).toMatchObject({ cityCode: city, version: 0, categories: [], expiryWarningDays: 30 });
    const put = await request(svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 0, categories: [{ category: 'other', liaisonIds: [l.userId] }], expiryWarningDays: 60 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 1, expiryWarningDays: 60 });
    const stale = await request(svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 0, categories: [] });
    expect(stale.status).toBe(409);
    const bad = await request(svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 1, categories: [{ category: 'other', routeToCityCode: city }, { category: 'other' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['categories.0.routeToCityCode', 'categories.1.category']);

    // A rule sends emergencies of this city to the provincial institute's roster.
    const provincial = await addLiaison(svc, { cityCode: '210000', categories: ['other'] });
    await request(svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 1, categories: [{ category: 'other', routeToCityCode: '210000' }] }).expect(200);
    const f = filed({ cityCode: city, category: 'other' });
    await send([f]);
    const v = await assignmentOf(svc, f.event.subject, (x) => x.current.status !== 'pending');
    expect(v.current).toMatchObject({ cityCode: '210000', assigneeId: provincial.userId });
    const bureaus = await request(svc.app).get('/bureaus').set(managerOf(city));
    expect(bureaus.body).toEqual([expect.objectContaining({ code: city, level: 'city' })]);
  });

  it('denies what the caller may not see or do', async () => {
    const [city, other] = [newCity(), newCity()];
    const l = await addLiaison(svc, { cityCode: city });
    const stranger = await addLiaison(svc, { cityCode: other });
    const f = filed({ cityCode: city, enterpriseId: uniq('ent') });
    await send([f]);
    const requestId = f.event.subject;
    await assignmentOf(svc, requestId, (v) => v.current.status === 'assigned');
    const enterpriseId = (f.event.data as { enterpriseId: string }).enterpriseId;

    expect((await request(svc.app).get(`/requests/${requestId}/assignment`)).status).toBe(401);
    expect((await request(svc.app).get(`/requests/${requestId}/assignment`).set(liaisonOf(other, stranger.userId))).status).toBe(404);
    expect((await request(svc.app).get(`/requests/${requestId}/assignment`).set(enterpriseUser('someone-else'))).status).toBe(404);
    const own = await request(svc.app).get(`/requests/${requestId}/assignment`).set(enterpriseUser(enterpriseId));
    expect(own.status).toBe(200);
    expect(own.body.notifications).toEqual([]);
    expect((await request(svc.app).get('/liaisons').set(enterpriseUser(enterpriseId))).status).toBe(403);
    expect((await request(svc.app).get(`/liaisons/${l.userId}`).set(liaisonOf(other, stranger.userId))).status).toBe(404);
    expect((await request(svc.app).get(`/liaisons?cityCode=${city}`).set(liaisonOf(other, stranger.userId))).body).toEqual([]);
    expect((await request(svc.app).put(`/rules/${city}`).set(managerOf(other)).send({ version: 0, categories: [] })).status).toBe(403);
    expect((await request(svc.app).put(`/rules/${city}`).set(liaisonOf(city, l.userId)).send({ version: 0, categories: [] })).status).toBe(403);
    expect((await request(svc.app).post('/liaisons').set(managerOf(other)).send({ userId: uniq('x'), name: 'x', cityCode: city, categories: [], capacity: 1 })).status).toBe(403);
    expect((await request(svc.app).post(`/requests/${requestId}/assign`).set(liaisonOf(city, l.userId)).send({ liaisonId: l.userId })).status).toBe(403);
    expect((await request(svc.app).post(`/requests/${requestId}/assign`).set(managerOf(other)).send({ liaisonId: stranger.userId })).status).toBe(404);
    expect((await request(svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(other))).status).toBe(404);
    expect((await request(svc.app).post(`/bureaus/${city}/rebalance`).set(liaisonOf(city, l.userId))).status).toBe(403);
    expect((await request(svc.app).post(`/liaisons/${l.userId}/leaves`).set(liaisonOf(city, uniq('peer'))).send({ version: 1, from: today(), to: today() })).status).toBe(403);
    expect((await request(svc.app).get(`/queue/${city}`).set(managerOf(other))).status).toBe(404);
    expect((await request(svc.app).get(`/reports/load?cityCode=${city}`).set(managerOf(other))).body).toEqual([]);
    const whole = await request(svc.app).get(`/reports/fairness`).set(province);
    expect(whole.body.map((r: { cityCode: string }) => r.cityCode)).toEqual(expect.arrayContaining([city, other]));
    expect((await request(svc.app).get('/bureaus').set(as({ userId: 'svc', role: 'service' }))).body.length).toBe(91);
  });
});
