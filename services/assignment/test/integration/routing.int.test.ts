import request from 'supertest';
import { testLogger, uniq, waitFor } from '@metrodesk/testkit';
import { ASSIGNMENT_TOPIC, REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { createAssignmentService } from '../../src/service';
import {
  addLiaison,
  admin,
  assignmentOf,
  enterprise,
  env,
  filed,
  liaisonOf,
  managerOf,
  newCity,
  ownAssignment,
  processed,
  reopened,
  resolved,
  send,
  startService,
  user,
  world,
} from '../fixtures/assignment';

// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
const run = world.serve(() => startService(uniq('assignment-routing')), [ASSIGNMENT_TOPIC]);

const assignedTo = (v: { current: { status: string; assigneeId: string | null } }) => (v.current.status === 'assigned' ? v.current.assigneeId : null);

describe('automatic routing of filed requests', () => {
  it('routes to the enterprise city from the accounts projection and publishes assigned', async () => {
    const [home, other] = [newCity(), newCity()];
    const homeLiaison = await addLiaison(run.svc, { cityCode: home });
    await addLiaison(run.svc, { cityCode: other });
    const enterpriseId = uniq('ent');
    await send([enterprise(enterpriseId, home)]);
    await waitFor(async () => (await run.svc.deps.enterprises.cityOf(enterpriseId)) === home, { what: 'enterprise projection' });

    // The request claims the other city; the enterprise's registered city wins.
    const f = filed({ enterpriseId, cityCode: other });
    await send([f]);
    const view = await assignmentOf(run.svc, f.event.subject, (v) => v.current.status === 'assigned');
    expect(view.current).toMatchObject({ cityCode: home, assigneeId: homeLiaison.userId });
    expect(view.history.map((s) => [s.kind, s.how])).toEqual([['assigned', 'auto']]);

    const [msg] = await run.tap.waitFor(ownAssignment(view));
    expect(msg!.value).toMatchObject({ type: 'assignment.assignment.assigned', subject: f.event.subject, data: { cityCode: home, assigneeId: homeLiaison.userId, how: 'auto', by: 'system' } });
    expect((msg!.value as { correlationid: string }).correlationid).toBe(f.event.correlationid);
  });

  it('routes by category to a liaison who handles it', async () => {
    const city = newCity();
    await addLiaison(run.svc, { cityCode: city, categories: ['management_system'] });
    const energy = await addLiaison(run.svc, { cityCode: city, categories: ['energy_metrology'] });
    const f = filed({ cityCode: city, category: 'energy_metrology' });
    await send([f]);
    expect(assignedTo(await assignmentOf(run.svc, f.event.subject, (v) => v.current.status === 'assigned'))).toBe(energy.userId);
  });

  it('assigns a pressure-gauge verification and an emergency verification to a liaison, with no verifier or qualification anywhere', async () => {
    const city = newCity();
    const enterpriseId = uniq('ent');
    await send([enterprise(enterpriseId, city)]);
    const liaison = await addLiaison(run.svc, { cityCode: city, name: '王联络' });
    // The preferred time is free text ("weekday mornings"): it routes like no preference at all.
    const gauges = filed({ enterpriseId, cityCode: city, category: 'verification_calibration', instruments: [{ class: 'pressure_gauge', count: 24 }], preferredDate: '工作日上午' });
    const emergency = filed({ enterpriseId, cityCode: city, category: 'emergency_verification', instruments: [{ class: 'gas_alarm', count: 54 }] });
    await send([gauges, emergency]);
    for (const f of [gauges, emergency]) {
      const view = await assignmentOf(run.svc, f.event.subject, (v) => v.current.status !== 'pending');
      expect(view.current).toMatchObject({ status: 'assigned', assigneeId: liaison.userId, cityCode: city });
      expect(view.history.map((s) => [s.kind, s.how])).toEqual([['assigned', 'auto']]);
      const [msg] = await run.tap.waitFor(ownAssignment(view));
      expect(msg!.value).toMatchObject({ type: 'assignment.assignment.assigned', subject: f.event.subject, data: { assigneeId: liaison.userId, assigneeName: '王联络' } });
    }
  });

  it('routes every request category to a liaison learnt from identity, on its defaults', async () => {
    const city = newCity();
    const liaison = await addLiaison(run.svc, { cityCode: city });
    const filings = REQUEST_CATEGORIES.map((category) => filed({ cityCode: city, category }));
    await send(filings);
    for (const f of filings) {
      const view = await assignmentOf(run.svc, f.event.subject, (v) => v.current.status !== 'pending', `routing of ${(f.event.data as { category: string }).category}`);
      expect(view.current).toMatchObject({ status: 'assigned', assigneeId: liaison.userId });
    }
  });

  it('balances by open/capacity with round-robin between equals and stops at capacity', async () => {
    const city = newCity();
    const tag = uniq('rr');
    const a = await addLiaison(run.svc, { userId: `${tag}-a`, cityCode: city, capacity: 2 });
    const b = await addLiaison(run.svc, { userId: `${tag}-b`, cityCode: city, capacity: 4 });
    const order: (string | null)[] = [];
    const lastAt = new Map<string, string>();
    for (let i = 0; i < 7; i++) {
      const f = filed({ cityCode: city });
      await send([f]);
      const v = await assignmentOf(run.svc, f.event.subject, (x) => x.current.status !== 'pending');
      order.push(assignedTo(v));
      if (assignedTo(v)) lastAt.set(assignedTo(v)!, v.history.at(-1)!.at);
    }
    // 0/2=0/4 -> a (id order); a 1/2 > b 0/4 -> b; 1/2 > 1/4 -> b; 1/2 = 2/4 -> a (b got work
    // more recently); a full -> b, b; both full -> queue.
    expect(order).toEqual([a.userId, b.userId, b.userId, a.userId, b.userId, b.userId, null]);
    const load = await request(run.svc.app).get(`/reports/load?cityCode=${city}`).set(admin);
    expect(load.body.map((r: { userId: string; open: number; ratio: number }) => [r.userId, r.open, r.ratio])).toEqual([
      [a.userId, 2, 1],
      [b.userId, 4, 1],
    ]);
    // The round-robin marks are written behind: the database catches up with each liaison's latest assignment.
    const stored = async (userId: string) => (await run.svc.runtime.mongo.collection('liaisons').findOne({ _id: userId as never }))?.lastAssignedAt as Date | null;
    for (const l of [a, b]) await waitFor(async () => (await stored(l.userId))?.toISOString() === lastAt.get(l.userId), { what: `${l.userId}'s mark in the database` });
  });

  it('writes the round-robin marks still held back when the service stops', async () => {
    const city = newCity();
    // A second process on the same database, its consumers not started: only its roster is used.
    const other = await createAssignmentService(env({ CONSUMER_GROUP: uniq('assignment-marks') }), testLogger('assignment'));
    const l = await addLiaison(other, { cityCode: city });
    const at = new Date(Date.now() + 3_600_000);
    other.deps.liaisons.touchAssigned(l.userId, at);
    // Held back, yet every read in this process already has it.
    expect((await other.deps.liaisons.findById(l.userId))?.lastAssignedAt?.toISOString()).toBe(at.toISOString());
    await other.stop();
    expect(((await run.svc.runtime.mongo.collection('liaisons').findOne({ _id: l.userId as never }))?.lastAssignedAt as Date).toISOString()).toBe(at.toISOString());
  });

  it('frees capacity when a request is resolved', async () => {
    const city = newCity();
    const only = await addLiaison(run.svc, { cityCode: city, capacity: 1 });
    const first = filed({ cityCode: city });
    await send([first]);
    await assignmentOf(run.svc, first.event.subject, (v) => assignedTo(v) === only.userId);
    await send([resolved(first.event.subject, city)]);
    await assignmentOf(run.svc, first.event.subject, (v) => v.current.status === 'closed');
    const second = filed({ cityCode: city });
    await send([second]);
    expect(assignedTo(await assignmentOf(run.svc, second.event.subject, (v) => v.current.status === 'assigned'))).toBe(only.userId);

    // An unsatisfied return visit sends the first back to its liaison for a new cycle; a stale resolve changes nothing.
    const stale = resolved(first.event.subject, city, 6);
    await send([reopened(first.event.subject, city), stale]);
    await processed(run.svc, stale.event.id);
    const back = await assignmentOf(run.svc, first.event.subject);
    expect(back.current).toMatchObject({ status: 'assigned', assigneeId: only.userId, cycle: 2 });
    expect(back.history.map((s) => s.kind)).toEqual(['assigned', 'released', 'reopened']);
    const load = await request(run.svc.app).get(`/reports/load?cityCode=${city}`).set(admin);
    expect(load.body[0]).toMatchObject({ userId: only.userId, open: 2, capacity: 1 });
  });

  it('queues an unroutable request, tells the city manager, and lets a liaison claim it', async () => {
    const city = newCity();
    const manager = uniq('mgr');
    await send([user({ userId: manager, role: 'city_manager', cityCode: city })]);
    await waitFor(async () => (await run.svc.deps.users.managers(city)).includes(manager), { what: 'manager projection' });

    const f = filed({ cityCode: city });
    await send([f]);
    const view = await assignmentOf(run.svc, f.event.subject, (v) => v.current.status === 'queued' && v.notifications.length > 0);
    expect(view.history[0]!.reason).toMatch(/no liaison on the roster/);
    expect(view.notifications).toEqual([expect.objectContaining({ userId: manager, kind: 'unroutable' })]);
    const [msg] = await run.tap.waitFor((m) => m.key === f.event.subject && (m.value as { type: string }).type === 'assignment.assignment.unroutable');
    expect(msg!.value).toMatchObject({ type: 'assignment.assignment.unroutable', data: { cityCode: city } });
    const queue = await request(run.svc.app).get(`/queue/${city}`).set(managerOf(city, manager));
    expect(queue.body.map((q: { requestId: string }) => q.requestId)).toEqual([f.event.subject]);
    const mine = await request(run.svc.app).get('/notifications').set(managerOf(city, manager));
    expect(mine.body[0]).toMatchObject({ requestId: f.event.subject, kind: 'unroutable' });

    // A liaison learnt from identity events joins the roster and claims it.
    const newcomer = uniq('li');
    await send([user({ userId: newcomer, role: 'liaison', cityCode: city })]);
    await waitFor(async () => (await run.svc.deps.liaisons.findById(newcomer))?.accountActive, { what: 'liaison from identity' });
    const claim = await request(run.svc.app).post(`/requests/${f.event.subject}/claim`).set(liaisonOf(city, newcomer));
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ kind: 'assigned', how: 'claim', toAssigneeId: newcomer });
    const again = await request(run.svc.app).post(`/requests/${f.event.subject}/claim`).set(liaisonOf(city, newcomer));
    expect(again.status).toBe(409);
    expect((await request(run.svc.app).get(`/queue/${city}`).set(managerOf(city, manager))).body).toEqual([]);
  });

  it('takes a liaison off the roster when identity disables them, moving their open work', async () => {
    const city = newCity();
    const leaving = uniq('li');
    await send([user({ userId: leaving, role: 'liaison', cityCode: city })]);
    await waitFor(async () => (await run.svc.deps.liaisons.findById(leaving))?.accountActive, { what: 'liaison from identity' });
    const f = filed({ cityCode: city });
    await send([f]);
    await assignmentOf(run.svc, f.event.subject, (v) => v.current.status !== 'pending').then((v) => expect(v.current).toMatchObject({ status: 'assigned', assigneeId: leaving }));
    const stays = await addLiaison(run.svc, { cityCode: city });
    // An old version arriving late changes nothing; the newer disabled one moves the work.
    await send([user({ userId: leaving, role: 'liaison', cityCode: city, active: false, version: 3 }), user({ userId: leaving, role: 'liaison', cityCode: city, active: true, version: 2 })]);
    const v = await assignmentOf(run.svc, f.event.subject, (x) => assignedTo(x) === stays.userId);
    expect(v.history.at(-1)).toMatchObject({ kind: 'assigned', how: 'leave', fromAssigneeId: leaving });
    expect((await run.svc.deps.liaisons.findById(leaving))?.accountActive).toBe(false);
  });
});
