import request from 'supertest';
import { uniq } from '@metrodesk/testkit';
import { ASSIGNMENT_TOPIC, RULES_TOPIC } from '@metrodesk/contracts';
import {
  addLiaison,
  admin,
  as,
  assignmentOf,
  daysFromToday,
  enterpriseUser,
  filed,
  PROVINCE,
  liaisonOf,
  managerOf,
  newCity,
  ownAssignment,
  province,
  send,
  startService,
  today,
  world,
} from '../fixtures/assignment';

// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
const run = world.serve(() => startService(uniq('assignment-manual')), [ASSIGNMENT_TOPIC]);

async function fileAndWait(cityCode: string) {
  const f = filed({ cityCode });
  await send([f]);
  const v = await assignmentOf(run.svc, f.event.subject, (x) => x.current.status !== 'pending');
  return { requestId: f.event.subject, view: v };
}

describe('manual assignment, transfer, leave and rebalance', () => {
  it('transfers to a named liaison of another city, and to a city where nobody can take it', async () => {
    const [from, to, empty] = [newCity(), newCity(), newCity()];
    const holder = await addLiaison(run.svc, { cityCode: from });
    const target = await addLiaison(run.svc, { cityCode: to, name: '王芳' });
    const { requestId } = await fileAndWait(from);

    const res = await request(run.svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(from, holder.userId)).send({ toLiaisonId: target.userId, reason: 'the plant moved to the other city' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'transferred', fromAssigneeId: holder.userId, toAssigneeId: target.userId, fromCityCode: from, toCityCode: to, reason: 'the plant moved to the other city' });
    const [msg] = await run.tap.waitFor(ownAssignment(await assignmentOf(run.svc, requestId), 'assignment.assignment.transferred'));
    // The new holder by name, from the roster, so the request's timeline can say who took it.
    expect((msg!.value as { data: unknown }).data).toMatchObject({ fromAssigneeId: holder.userId, toAssigneeId: target.userId, toAssigneeName: '王芳', toCityCode: to, reason: 'the plant moved to the other city' });
    expect(msg!.value).toMatchObject({ actorid: holder.userId, actorrole: 'liaison' });
    // Routing on filing is the system's work.
    const [auto] = await run.tap.waitFor(ownAssignment(await assignmentOf(run.svc, requestId)));
    expect(auto!.value).toMatchObject({ actorid: 'system', actorrole: 'service' });

    // The old city's liaison no longer sees it; the new holder moves it on to an empty city.
    expect((await request(run.svc.app).get(`/requests/${requestId}/assignment`).set(liaisonOf(from, holder.userId))).status).toBe(404);
    const onward = await request(run.svc.app).post(`/requests/${requestId}/transfer`).set(liaisonOf(to, target.userId)).send({ toCityCode: empty, reason: 'belongs to that bureau' });
    expect(onward.body).toMatchObject({ kind: 'transferred', toAssigneeId: null, toCityCode: empty, state: { status: 'queued', cityCode: empty } });
    await run.tap.waitFor((m) => m.key === requestId && (m.value as { type: string }).type === 'assignment.assignment.unroutable');
    const history = await request(run.svc.app).get(`/requests/${requestId}/assignment`).set(managerOf(empty));
    expect(history.body.history.map((s: { kind: string }) => s.kind)).toEqual(['assigned', 'transferred', 'transferred']);
  });

  it('refuses transfers by anyone but the holder or a manager, to unknown bureaus, and to liaisons who cannot take it, naming the field', async () => {
    const [city, other, outside] = [newCity(), newCity(), newCity()];
    const holder = await addLiaison(run.svc, { cityCode: city });
    const { requestId } = await fileAndWait(city);
    const colleague = await addLiaison(run.svc, { cityCode: city });
    const narrow = await addLiaison(run.svc, { cityCode: other, name: '窄类别', categories: ['energy_metrology'] });
    const full = await addLiaison(run.svc, { cityCode: other, capacity: 1 });
    await fileAndWait(other);
    const away = await addLiaison(run.svc, { cityCode: other });
    await request(run.svc.app).post(`/liaisons/${away.userId}/leaves`).set(managerOf(other)).send({ version: away.version, from: today(), to: daysFromToday(3) }).expect(200);
    const free = await addLiaison(run.svc, { cityCode: other });
    const transfer = (who: Record<string, string>, body: object) => request(run.svc.app).post(`/requests/${requestId}/transfer`).set(who).send(body);
    const fields = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

    const noReason = await transfer(liaisonOf(city, holder.userId), { toLiaisonId: free.userId });
    expect([noReason.status, fields(noReason)]).toEqual([400, ['reason']]);
    const notHolder = await transfer(liaisonOf(city, colleague.userId), { toLiaisonId: colleague.userId, reason: 'mine now' });
    expect(notHolder.status).toBe(403);
    expect(notHolder.body.detail).toMatch(/Only the liaison holding a request, or a manager/);
    expect((await transfer(managerOf(outside), { toCityCode: other, reason: 'not mine' })).status).toBe(404);
    const noCity = await transfer(liaisonOf(city, holder.userId), { toCityCode: '999999', reason: 'nowhere' });
    expect([noCity.status, fields(noCity)]).toEqual([400, ['toCityCode']]);
    const noLiaison = await transfer(managerOf(city), { toLiaisonId: uniq('nobody'), reason: 'whom' });
    expect([noLiaison.status, fields(noLiaison)]).toEqual([400, ['toLiaisonId']]);
    const wrongRoster = await transfer(managerOf(city), { toLiaisonId: colleague.userId, toCityCode: other, reason: 'mixed up' });
    expect([wrongRoster.status, fields(wrongRoster)]).toEqual([400, ['toLiaisonId']]);
    for (const [target, why] of [[narrow, 'category'], [full, 'at_capacity'], [away, 'on_leave']] as const) {
      const res = await transfer(liaisonOf(city, holder.userId), { toLiaisonId: target.userId, reason: 'try' });
      expect([res.status, res.body.code, res.body.why, fields(res)]).toEqual([409, 'not_eligible', why, ['toLiaisonId']]);
    }
    expect((await transfer(managerOf(city), { toLiaisonId: narrow.userId, reason: 'try' })).body.errors[0].message).toBe('窄类别 does not handle management_system');
    // Still where it was; a manager of its city moves it to someone who can take it.
    expect((await assignmentOf(run.svc, requestId)).current).toMatchObject({ assigneeId: holder.userId, cityCode: city });
    const ok = await transfer(managerOf(city), { toLiaisonId: free.userId, toCityCode: other, reason: 'the plant is in the other city' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'transferred', fromAssigneeId: holder.userId, toAssigneeId: free.userId, toCityCode: other, state: { status: 'assigned', cityCode: other } });
    expect((await transfer(liaisonOf(city, holder.userId), { toCityCode: city, reason: 'back' })).status).toBe(404);
  });

  it('lists who can take a request by name, with load and why not, scoped to the caller, and assigns by that name', async () => {
    const [city, other] = [newCity(), newCity()];
    const holder = await addLiaison(run.svc, { cityCode: city, name: '张三', capacity: 3 });
    const { requestId } = await fileAndWait(city);
    const free = await addLiaison(run.svc, { cityCode: city, name: '李四' });
    const narrow = await addLiaison(run.svc, { cityCode: city, name: '王五', categories: ['other'] });
    const away = await addLiaison(run.svc, { cityCode: city, name: '赵六' });
    await request(run.svc.app).post(`/liaisons/${away.userId}/leaves`).set(managerOf(city)).send({ version: away.version, from: today(), to: today() }).expect(200);
    const stranger = await addLiaison(run.svc, { cityCode: other, name: '外市' });
    const list = (who: Record<string, string>, query = '') => request(run.svc.app).get(`/requests/${requestId}/eligible-liaisons${query}`).set(who);

    const res = await list(managerOf(city));
    expect(res.status).toBe(200);
    const cityName = (await request(run.svc.app).get('/bureaus').set(managerOf(city))).body[0].name;
    expect(res.body[0]).toEqual({ userId: free.userId, name: '李四', cityCode: city, cityName, open: 0, capacity: 10, onLeave: false, eligible: true, why: null, reason: null });
    const byName = Object.fromEntries(res.body.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['张三', '李四', '王五', '赵六'].sort());
    expect(byName['张三']).toMatchObject({ userId: holder.userId, open: 1, capacity: 3, eligible: false, why: 'current_assignee' });
    expect(byName['王五']).toMatchObject({ userId: narrow.userId, eligible: false, why: 'category', reason: '王五 does not handle management_system' });
    expect(byName['赵六']).toMatchObject({ userId: away.userId, onLeave: true, eligible: false, why: 'on_leave' });
    expect((await list(liaisonOf(city, free.userId))).status).toBe(200);

    // Scope: another city's manager or liaison does not see the request; enterprises may not ask.
    expect((await list(managerOf(other))).status).toBe(404);
    expect((await list(liaisonOf(other, stranger.userId))).status).toBe(404);
    expect((await list(enterpriseUser(uniq('ent')))).status).toBe(403);
    expect((await list(managerOf(city), `?cityCode=${other}`)).status).toBe(403);
    const unknown = await list(managerOf(city), '?cityCode=999999');
    expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([400, 'cityCode']);
    const elsewhere = await list(province, `?cityCode=${other}`);
    expect(elsewhere.body.map((r: { name: string; eligible: boolean }) => [r.name, r.eligible])).toEqual([['外市', true]]);

    const assigned = await request(run.svc.app).post(`/requests/${requestId}/assign`).set(managerOf(city)).send({ liaisonId: byName['李四'].userId });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ kind: 'assigned', how: 'manual', fromAssigneeId: holder.userId, toAssigneeId: free.userId });
    const refused = await request(run.svc.app).post(`/requests/${requestId}/assign`).set(managerOf(city)).send({ liaisonId: away.userId });
    expect([refused.status, refused.body.why, refused.body.errors[0].path]).toEqual([409, 'on_leave', 'liaisonId']);
  });

  it('lets a manager assign, and a liaison claim, queued on-site requests of any category', async () => {
    const city = newCity();
    const emergency = filed({ cityCode: city, category: 'emergency_verification', instruments: [{ class: 'gas_alarm', count: 54 }] });
    const gauges = filed({ cityCode: city, category: 'verification_calibration', instruments: [{ class: 'pressure_gauge', count: 24 }] });
    await send([emergency, gauges]);
    for (const f of [emergency, gauges]) await assignmentOf(run.svc, f.event.subject, (v) => v.current.status === 'queued');
    const first = await addLiaison(run.svc, { cityCode: city, name: '钱七' });
    const second = await addLiaison(run.svc, { cityCode: city, name: '孙八' });
    const candidates = await request(run.svc.app).get(`/requests/${emergency.event.subject}/eligible-liaisons`).set(managerOf(city));
    expect(candidates.body.map((r: { name: string; eligible: boolean }) => [r.name, r.eligible]).sort()).toEqual([['孙八', true], ['钱七', true]]);
    const assigned = await request(run.svc.app).post(`/requests/${emergency.event.subject}/assign`).set(managerOf(city)).send({ liaisonId: first.userId });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ kind: 'assigned', how: 'manual', toAssigneeId: first.userId });
    const claimed = await request(run.svc.app).post(`/requests/${gauges.event.subject}/claim`).set(liaisonOf(city, second.userId));
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ kind: 'assigned', how: 'claim', toAssigneeId: second.userId });
  });

  it('moves open work off a liaison whose leave begins, and routes around them', async () => {
    const city = newCity();
    const tag = uniq('lv');
    const goer = await addLiaison(run.svc, { userId: `${tag}-a`, cityCode: city, capacity: 10 });
    const first = await fileAndWait(city);
    const second = await fileAndWait(city);
    expect([first.view.current.assigneeId, second.view.current.assigneeId]).toEqual([goer.userId, goer.userId]);
    const stays = await addLiaison(run.svc, { userId: `${tag}-b`, cityCode: city, capacity: 10 });

    const leave = await request(run.svc.app).post(`/liaisons/${goer.userId}/leaves`).set(managerOf(city)).send({ version: goer.version, from: today(), to: daysFromToday(5), reason: 'annual leave' });
    expect(leave.status).toBe(200);
    expect(leave.body.reassigned).toEqual({ moved: 2, queued: 0 });
    for (const { requestId } of [first, second]) {
      const v = await assignmentOf(run.svc, requestId);
      expect(v.current.assigneeId).toBe(stays.userId);
      expect(v.history.at(-1)).toMatchObject({ kind: 'assigned', how: 'leave', fromAssigneeId: goer.userId });
    }
    await run.tap.waitFor((m) => m.key === first.requestId && (m.value as { data: { how?: string } }).data.how === 'leave');
    // Less loaded, but on leave: new work goes to the other liaison.
    const third = await fileAndWait(city);
    expect(third.view.current.assigneeId).toBe(stays.userId);
    const stale = await request(run.svc.app).post(`/liaisons/${goer.userId}/leaves`).set(managerOf(city)).send({ version: goer.version, from: today(), to: today() });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
  });

  it('lets a manager assign by hand and rebalance, reporting min/median/max load', async () => {
    const city = newCity();
    const tag = uniq('rb');
    const a = await addLiaison(run.svc, { userId: `${tag}-a`, cityCode: city, capacity: 10 });
    const work = [await fileAndWait(city), await fileAndWait(city), await fileAndWait(city), await fileAndWait(city)];
    expect(work.every((w) => w.view.current.assigneeId === a.userId)).toBe(true);
    const b = await addLiaison(run.svc, { userId: `${tag}-b`, cityCode: city, capacity: 10 });
    const c = await addLiaison(run.svc, { userId: `${tag}-c`, cityCode: city, capacity: 10 });

    const manual = await request(run.svc.app).post(`/requests/${work[0]!.requestId}/assign`).set(managerOf(city)).send({ liaisonId: b.userId });
    expect(manual.status).toBe(200);
    expect(manual.body).toMatchObject({ kind: 'assigned', how: 'manual', fromAssigneeId: a.userId, toAssigneeId: b.userId });
    const before = await request(run.svc.app).get(`/reports/fairness?cityCode=${city}`).set(managerOf(city));
    expect(before.body).toEqual([{ cityCode: city, liaisons: 3, min: 0, median: 0.1, max: 0.3 }]);

    const moves = await request(run.svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(city));
    expect(moves.status).toBe(200);
    expect(moves.body).toEqual([expect.objectContaining({ from: a.userId, to: c.userId })]);
    const after = await request(run.svc.app).get(`/reports/fairness?cityCode=${city}`).set(managerOf(city));
    expect(after.body).toEqual([{ cityCode: city, liaisons: 3, min: 0.1, median: 0.1, max: 0.2 }]);
    const moved = await assignmentOf(run.svc, moves.body[0].requestId);
    expect(moved.history.at(-1)).toMatchObject({ how: 'rebalance', toAssigneeId: c.userId });
    // A second rebalance finds nothing worth moving.
    expect((await request(run.svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(city))).body).toEqual([]);
  });

  it('publishes who changed a city\'s routing rules, from what to what, on assignment.rules.v1', async () => {
    const rulesTap = await world.tap([RULES_TOPIC]);
    try {
      const city = newCity();
      const liu = as({ userId: uniq('mgr-liu'), role: 'city_manager', cityCode: city, name: '刘洋' });
      expect((await request(run.svc.app).put(`/rules/${city}`).set(liu).send({ version: 0, categories: [{ category: 'other', routeToCityCode: PROVINCE }] })).status).toBe(200);
      expect((await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 1, categories: [] })).status).toBe(200);
      const events = (await rulesTap.waitFor((m) => m.key === city, { count: 2, timeoutMs: 60_000 })).map((m) => m.value as { type: string; actorid: string; actorname?: string; data: { version: number } });
      expect(events.find((e) => e.data.version === 1)).toMatchObject({ type: 'assignment.rules.changed', actorname: '刘洋', data: { cityCode: city, categories: [{ category: 'other', routeToCityCode: PROVINCE }], previous: null } });
      expect(events.find((e) => e.data.version === 2)).toMatchObject({ actorid: `mgr-${city}`, data: { categories: [], previous: [{ category: 'other', routeToCityCode: PROVINCE }] } });
    } finally {
      await rulesTap.stop();
    }
  });

  it('manages the roster and rules through the API', async () => {
    const city = newCity();
    const l = await addLiaison(run.svc, { cityCode: city });
    const patched = await request(run.svc.app).patch(`/liaisons/${l.userId}`).set(managerOf(city)).send({ version: l.version, capacity: 7, categories: ['other'] });
    expect(patched.status).toBe(200);
    expect(patched.body.liaison).toMatchObject({ capacity: 7, categories: ['other'], version: 2 });
    const dup = await request(run.svc.app).post('/liaisons').set(admin).send({ userId: l.userId, name: 'x', cityCode: city, categories: [], capacity: 1 });
    expect(dup.status).toBe(409);

    const defaults = await request(run.svc.app).get(`/rules/${city}`).set(liaisonOf(city, l.userId));
    expect(defaults.body).toEqual({ cityCode: city, version: 0, categories: [], updatedAt: null, updatedBy: null });
    // Qualification settings are no longer part of the rules.
    expect((await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 0, categories: [], expiryWarningDays: 60 })).status).toBe(400);
    const put = await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 0, categories: [{ category: 'other', liaisonIds: [l.userId] }] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 1, categories: [{ category: 'other', liaisonIds: [l.userId] }] });
    const stale = await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 0, categories: [] });
    expect(stale.status).toBe(409);
    const bad = await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 1, categories: [{ category: 'other', routeToCityCode: city }, { category: 'other' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['categories.0.routeToCityCode', 'categories.1.category']);

    // A rule sends emergencies of this city to the provincial institute's roster.
    const provincial = await addLiaison(run.svc, { cityCode: PROVINCE, categories: ['other'] });
    await request(run.svc.app).put(`/rules/${city}`).set(managerOf(city)).send({ version: 1, categories: [{ category: 'other', routeToCityCode: '210000' }] }).expect(200);
    const f = filed({ cityCode: city, category: 'other' });
    await send([f]);
    const v = await assignmentOf(run.svc, f.event.subject, (x) => x.current.status !== 'pending');
    expect(v.current).toMatchObject({ cityCode: '210000', assigneeId: provincial.userId });
    const bureaus = await request(run.svc.app).get('/bureaus').set(managerOf(city));
    expect(bureaus.body).toEqual([expect.objectContaining({ code: city, level: 'city' })]);
  });

  it('denies what the caller may not see or do', async () => {
    const [city, other] = [newCity(), newCity()];
    const l = await addLiaison(run.svc, { cityCode: city });
    const stranger = await addLiaison(run.svc, { cityCode: other });
    const f = filed({ cityCode: city, enterpriseId: uniq('ent') });
    await send([f]);
    const requestId = f.event.subject;
    await assignmentOf(run.svc, requestId, (v) => v.current.status === 'assigned');
    const enterpriseId = (f.event.data as { enterpriseId: string }).enterpriseId;

    expect((await request(run.svc.app).get(`/requests/${requestId}/assignment`)).status).toBe(401);
    expect((await request(run.svc.app).get(`/requests/${requestId}/assignment`).set(liaisonOf(other, stranger.userId))).status).toBe(404);
    expect((await request(run.svc.app).get(`/requests/${requestId}/assignment`).set(enterpriseUser('someone-else'))).status).toBe(404);
    const own = await request(run.svc.app).get(`/requests/${requestId}/assignment`).set(enterpriseUser(enterpriseId));
    expect(own.status).toBe(200);
    expect(own.body.notifications).toEqual([]);
    expect((await request(run.svc.app).get('/liaisons').set(enterpriseUser(enterpriseId))).status).toBe(403);
    expect((await request(run.svc.app).get(`/liaisons/${l.userId}`).set(liaisonOf(other, stranger.userId))).status).toBe(404);
    expect((await request(run.svc.app).get(`/liaisons?cityCode=${city}`).set(liaisonOf(other, stranger.userId))).body).toEqual([]);
    expect((await request(run.svc.app).put(`/rules/${city}`).set(managerOf(other)).send({ version: 0, categories: [] })).status).toBe(403);
    expect((await request(run.svc.app).put(`/rules/${city}`).set(liaisonOf(city, l.userId)).send({ version: 0, categories: [] })).status).toBe(403);
    expect((await request(run.svc.app).post('/liaisons').set(managerOf(other)).send({ userId: uniq('x'), name: 'x', cityCode: city, categories: [], capacity: 1 })).status).toBe(403);
    expect((await request(run.svc.app).post(`/requests/${requestId}/assign`).set(liaisonOf(city, l.userId)).send({ liaisonId: l.userId })).status).toBe(403);
    expect((await request(run.svc.app).post(`/requests/${requestId}/assign`).set(managerOf(other)).send({ liaisonId: stranger.userId })).status).toBe(404);
    expect((await request(run.svc.app).post(`/bureaus/${city}/rebalance`).set(managerOf(other))).status).toBe(404);
    expect((await request(run.svc.app).post(`/bureaus/${city}/rebalance`).set(liaisonOf(city, l.userId))).status).toBe(403);
    expect((await request(run.svc.app).post(`/liaisons/${l.userId}/leaves`).set(liaisonOf(city, uniq('peer'))).send({ version: 1, from: today(), to: today() })).status).toBe(403);
    expect((await request(run.svc.app).get(`/queue/${city}`).set(managerOf(other))).status).toBe(404);
    expect((await request(run.svc.app).get(`/reports/load?cityCode=${city}`).set(managerOf(other))).body).toEqual([]);
    const whole = await request(run.svc.app).get(`/reports/fairness`).set(province);
    expect(whole.body.map((r: { cityCode: string }) => r.cityCode)).toEqual(expect.arrayContaining([city, other]));
    expect((await request(run.svc.app).get('/bureaus').set(as({ userId: 'svc', role: 'service' }))).body.length).toBe(91);
  });
});

describe('rules repository', () => {
  it('loads rules stored with the qualification settings routing no longer has, and routes by them', async () => {
    const city = newCity();
    const l = await addLiaison(run.svc, { cityCode: city });
    await run.svc.runtime.mongo.collection('routing_rules').insertOne({
      _id: city as never,
      categories: [{ category: 'other', liaisonIds: [l.userId], requireQualification: true }, { category: 'emergency_verification', requireQualification: true }],
      expiryWarningDays: 30,
      qualificationTypes: ['verifier'],
      version: 3,
      updatedAt: new Date(),
      updatedBy: 'someone',
    });
    expect(await run.svc.deps.rules.get(city)).toEqual({
      cityCode: city,
      categories: [{ category: 'other', liaisonIds: [l.userId] }, { category: 'emergency_verification' }],
      version: 3,
      updatedAt: expect.any(Date),
      updatedBy: 'someone',
    });
    const shown = await request(run.svc.app).get(`/rules/${city}`).set(managerOf(city));
    expect(Object.keys(shown.body).sort()).toEqual(['categories', 'cityCode', 'updatedAt', 'updatedBy', 'version']);
    const f = filed({ cityCode: city, category: 'emergency_verification' });
    await send([f]);
    expect((await assignmentOf(run.svc, f.event.subject, (v) => v.current.status !== 'pending')).current).toMatchObject({ status: 'assigned', assigneeId: l.userId });
  });
});
