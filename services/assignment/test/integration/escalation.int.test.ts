import request from 'supertest';
import { uniq, waitFor } from '@metrodesk/testkit';
import { ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import { addLiaison, assignmentOf, filed, liaisonOf, managerOf, newCity, reopened, resolved, send, slaEscalated, slaSignal, startService, user, as, processed, world } from '../fixtures/assignment';

// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
const run = world.serve(() => startService(uniq('assignment-escalation')), [ASSIGNMENT_TOPIC]);
const provinceManager = uniq('prov');

beforeAll(async () => {
  await send([user({ userId: provinceManager, role: 'province_manager' })]);
  await waitFor(async () => (await run.svc.deps.users.managers(null)).includes(provinceManager), { what: 'province manager projection' });
});

async function cityWithManager() {
  const city = newCity();
  const manager = uniq('mgr');
  await send([user({ userId: manager, role: 'city_manager', cityCode: city })]);
  await waitFor(async () => (await run.svc.deps.users.managers(city)).includes(manager), { what: 'city manager projection' });
  return { city, manager };
}

/**
 * This service's escalated events for the request, told apart by their steps' times: the topic
 * is shared with every assignment instance on the servers, and one still escalating on breaches
 * may answer the breaches these tests send with events of its own under the same key.
 */
const escalated = (requestId: string, steps: { at: string }[]) => (m: { key: string | null; value: unknown }) => {
  const e = m.value as { type: string; data: { at: string } };
  return m.key === requestId && e.type === 'assignment.assignment.escalated' && steps.some((s) => s.at === e.data.at);
};

describe('SLA warnings and escalation', () => {
  it('notifies the assignee on a warning, once however often the warning arrives', async () => {
    const { city } = await cityWithManager();
    const l = await addLiaison(run.svc, { cityCode: city });
    const f = filed({ cityCode: city });
    await send([f]);
    await assignmentOf(run.svc, f.event.subject, (v) => v.current.assigneeId === l.userId);
    const w = slaSignal('warning', { requestId: f.event.subject, cityCode: city, clock: 'response', threshold: 75 });
    await send([w, w]);
    // The same warning re-issued under a new event id is still the same notification.
    const again = slaSignal('warning', { requestId: f.event.subject, cityCode: city, clock: 'response', threshold: 75 });
    await send([again]);
    await processed(run.svc, again.event.id);
    const v = await assignmentOf(run.svc, f.event.subject);
    const mine = await request(run.svc.app).get('/notifications').set(liaisonOf(city, l.userId));
    expect(mine.body).toEqual([expect.objectContaining({ requestId: f.event.subject, kind: 'sla_warning', userId: l.userId })]);
    expect(mine.body[0].message).toMatch(/75% of the response target/);
    expect(v.notifications).toHaveLength(1);
  });

  it('escalates to the city manager, then the province, at the policy steps; breaches alone escalate nothing', async () => {
    const { city, manager } = await cityWithManager();
    await addLiaison(run.svc, { cityCode: city });
    const f = filed({ cityCode: city });
    const requestId = f.event.subject;
    await send([f]);
    await assignmentOf(run.svc, requestId, (v) => v.current.status === 'assigned');

    await send([slaSignal('breached', { requestId, cityCode: city, clock: 'response' }), slaSignal('breached', { requestId, cityCode: city, clock: 'resolution' })]);
    await settled(requestId, city, 10);
    expect((await assignmentOf(run.svc, requestId)).history.map((s) => s.kind)).toEqual(['assigned']);

    const toCity = slaEscalated({ requestId, cityCode: city, level: 'city', threshold: 100 });
    await send([toCity], 2);
    const first = await assignmentOf(run.svc, requestId, (v) => v.current.escalationLevel === 'city');
    const deadline = (toCity.event.data as { deadline: string }).deadline;
    expect(first.history.at(-1)).toMatchObject({ kind: 'escalated', level: 'city', notifiedUserIds: [manager], escalation: { clock: 'response', threshold: 100, deadline, cycle: 1 } });
    const [cityEvent] = await run.tap.waitFor(escalated(requestId, first.history.filter((s) => s.kind === 'escalated')));
    expect((cityEvent!.value as { data: unknown }).data).toMatchObject({ level: 'city', notifiedUserIds: [manager], cityCode: city, clock: 'response', threshold: 100, deadline, cycle: 1 });
    const note = await waitFor(async () => (await request(run.svc.app).get('/notifications').set(managerOf(city, manager))).body[0], { what: 'the manager notification' });
    expect(note).toMatchObject({ kind: 'escalation', requestId });

    // The same step again (new event id) is not a new level.
    await send([slaEscalated({ requestId, cityCode: city, level: 'city', threshold: 100 })]);
    await send([slaEscalated({ requestId, cityCode: city, level: 'province', threshold: 150 })]);
    const second = await assignmentOf(run.svc, requestId, (v) => v.current.escalationLevel === 'province');
    expect(second.history.filter((s) => s.kind === 'escalated').map((s) => [s.level, s.escalation?.threshold])).toEqual([['city', 100], ['province', 150]]);
    expect(second.history.at(-1)!.notifiedUserIds).toContain(provinceManager);
    const events = await run.tap.waitFor(escalated(requestId, second.history.filter((s) => s.kind === 'escalated')), { count: 2 });
    expect(events.map((m) => (m.value as { data: { level: string } }).data.level)).toEqual(['city', 'province']);
    await waitFor(async () => {
      const prov = await request(run.svc.app).get('/notifications').set(as({ userId: provinceManager, role: 'province_manager' }));
      return prov.body.some((n: { requestId: string; kind: string }) => n.requestId === requestId && n.kind === 'escalation');
    }, { what: 'the province notification' });

    // A late city step never lowers the level.
    await send([slaEscalated({ requestId, cityCode: city, level: 'city', threshold: 100 })]);
    await settled(requestId, city, 20);
    const after = await assignmentOf(run.svc, requestId);
    expect(after.current.escalationLevel).toBe('province');
    expect(after.history.filter((s) => s.kind === 'escalated')).toHaveLength(2);
  });

  it('starts a new cycle at none, ignores steps of the old cycle, and escalates the new one by its own steps', async () => {
    const { city, manager } = await cityWithManager();
    const l = await addLiaison(run.svc, { cityCode: city });
    const f = filed({ cityCode: city });
    const requestId = f.event.subject;
    await send([f]);
    await assignmentOf(run.svc, requestId, (v) => v.current.status === 'assigned');
    await send([slaEscalated({ requestId, cityCode: city, level: 'province' })]);
    await assignmentOf(run.svc, requestId, (v) => v.current.escalationLevel === 'province');
    await send([resolved(requestId, city), reopened(requestId, city)]);
    const redo = await assignmentOf(run.svc, requestId, (v) => v.current.cycle === 2);
    expect(redo.current).toMatchObject({ status: 'assigned', assigneeId: l.userId, escalationLevel: 'none' });

    await send([slaEscalated({ requestId, cityCode: city, level: 'province', cycle: 1 })]);
    await settled(requestId, city, 30, 2);
    expect((await assignmentOf(run.svc, requestId)).current.escalationLevel).toBe('none');
    await send([slaEscalated({ requestId, cityCode: city, level: 'city', cycle: 2 })]);
    const v = await assignmentOf(run.svc, requestId, (x) => x.current.escalationLevel === 'city');
    expect(v.history.at(-1)).toMatchObject({ kind: 'escalated', level: 'city', notifiedUserIds: [manager], escalation: { cycle: 2 } });
  });

  it('does not escalate a request that is already resolved', async () => {
    const { city } = await cityWithManager();
    await addLiaison(run.svc, { cityCode: city });
    const f = filed({ cityCode: city });
    const requestId = f.event.subject;
    await send([f]);
    await assignmentOf(run.svc, requestId, (v) => v.current.status === 'assigned');
    await send([resolved(requestId, city)]);
    await assignmentOf(run.svc, requestId, (x) => x.current.status === 'closed');
    const late = slaEscalated({ requestId, cityCode: city, level: 'city' });
    // A warning after it (same request, so same order) shows the step was read.
    const warning = slaSignal('warning', { requestId, cityCode: city, clock: 'response', threshold: 75 });
    await send([late, warning]);
    await processed(run.svc, warning.event.id);
    const v = await assignmentOf(run.svc, requestId, (x) => x.current.status === 'closed');
    expect(v.history.map((s) => s.kind)).toEqual(['assigned', 'released']);
    expect(v.current.escalationLevel).toBe('none');
  });

  it('keeps an escalation that arrives before the filing, and routes the filing after it', async () => {
    const { city, manager } = await cityWithManager();
    const l = await addLiaison(run.svc, { cityCode: city });
    const requestId = uniq('req');
    await send([slaEscalated({ requestId, cityCode: city, level: 'city' })]);
    await waitFor(async () => (await run.svc.deps.cases.latest(requestId))?.state.escalationLevel === 'city', { what: 'pending escalation' });
    await send([filed({ requestId, cityCode: city })]);
    const v = await assignmentOf(run.svc, requestId, (x) => x.current.status === 'assigned');
    expect(v.current).toMatchObject({ assigneeId: l.userId, escalationLevel: 'city' });
    expect(v.history.map((s) => s.kind)).toEqual(['escalated', 'assigned']);
    expect(v.history[0]!.notifiedUserIds).toEqual([manager]);
  });
});

/**
 * Waits until everything sent for this request so far has been read: a warning sent now comes
 * after it (one request's events keep their order) and leaves a notification.
 */
async function settled(requestId: string, cityCode: string, threshold: number, cycle = 1): Promise<void> {
  const w = slaSignal('warning', { requestId, cityCode, clock: 'response', threshold, cycle });
  await send([w]);
  await processed(run.svc, w.event.id);
}
