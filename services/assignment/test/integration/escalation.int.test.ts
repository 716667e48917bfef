import request from 'supertest';
import { TopicTap, uniq, waitFor } from '@metrodesk/testkit';
import { ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import type { AssignmentService } from '../../src/service';
import { addLiaison, assignmentOf, filed, liaisonOf, managerOf, newCity, resetDatabase, resolved, send, slaSignal, startService, user, as, processed } from '../fixtures/assignment';


// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
let svc: AssignmentService;
let tap: TopicTap;
const provinceManager = uniq('prov');

beforeAll(async () => {
  await resetDatabase();
  svc = await startService(uniq('assignment-escalation'));
  tap = await new TopicTap([ASSIGNMENT_TOPIC]).start();
  await send([user({ userId: provinceManager, role: 'province_manager' })]);
  await waitFor(async () => (await svc.deps.users.managers(null)).includes(provinceManager), { what: 'province manager projection' });
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
});

async function cityWithManager() {
  const city = newCity();
  const manager = uniq('mgr');
  await send([user({ userId: manager, role: 'city_manager', cityCode: city })]);
  await waitFor(async () => (await svc.deps.users.managers(city)).includes(manager), { what: 'city manager projection' });
  return { city, manager };
}

const escalated = (requestId: string) => (m: { key: string | null; value: unknown }) => m.key === requestId && (m.value as { type: string }).type === 'assignment.assignment.escalated';

describe('SLA warnings and escalation', () => {
  it('notifies the assignee on a warning, once however often the warning arrives', async () => {
    const { city } = await cityWithManager();
    const l = await addLiaison(svc, { cityCode: city });
    const f = filed({ cityCode: city });
    await send([f]);
    await assignmentOf(svc, f.event.subject, (v) => v.current.assigneeId === l.userId);
    const w = slaSignal('warning', { requestId: f.event.subject, cityCode: city, clock: 'response', threshold: 75 });
    await send([w, w]);
    // The same warning re-issued under a new event id is still the same notification.
    const again = slaSignal('warning', { requestId: f.event.subject, cityCode: city, clock: 'response', threshold: 75 });
    await send([again]);
    await processed(svc, again.event.id);
    const v = await assignmentOf(svc, f.event.subject);
    const mine = await request(svc.app).get('/notifications').set(liaisonOf(city, l.userId));
    expect(mine.body).toEqual([expect.objectContaining({ requestId: f.event.subject, kind: 'sla_warning', userId: l.userId })]);
    expect(mine.body[0].message).toMatch(/75% of the response target/);
    expect(v.notifications).toHaveLength(1);
  });

  it('escalates a breach to the city manager, then to the province at the next breach, each step an event', async () => {
    const { city, manager } = await cityWithManager();
    await addLiaison(svc, { cityCode: city });
    const f = filed({ cityCode: city });
    const requestId = f.event.subject;
    await send([f]);
    await assignmentOf(svc, requestId, (v) => v.current.status === 'assigned');

    const responseBreach = slaSignal('breached', { requestId, cityCode: city, clock: 'response' });
    await send([responseBreach], 2);
    const first = await assignmentOf(svc, requestId, (v) => v.current.escalationLevel === 'city');
    expect(first.history.at(-1)).toMatchObject({ kind: 'escalated', level: 'city', notifiedUserIds: [manager] });
    const [cityEvent] = await tap.waitFor(escalated(requestId));
    expect((cityEvent!.value as { data: unknown }).data).toMatchObject({ level: 'city', notifiedUserIds: [manager], cityCode: city });
    const note = await waitFor(async () => (await request(svc.app).get('/notifications').set(managerOf(city, manager))).body[0], { what: 'the manager notification' });
    expect(note).toMatchObject({ kind: 'escalation', requestId });

    // The same breach again (new event id) is not a new level.
    await send([slaSignal('breached', { requestId, cityCode: city, clock: 'response' })]);
    await send([slaSignal('breached', { requestId, cityCode: city, clock: 'resolution' })]);
    const second = await assignmentOf(svc, requestId, (v) => v.current.escalationLevel === 'province');
    expect(second.history.filter((s) => s.kind === 'escalated').map((s) => s.level)).toEqual(['city', 'province']);
    expect(second.history.at(-1)!.notifiedUserIds).toContain(provinceManager);
    const events = await tap.waitFor(escalated(requestId), { count: 2 });
    expect(events.map((m) => (m.value as { data: { level: string } }).data.level)).toEqual(['city', 'province']);
    await waitFor(async () => {
      const prov = await request(svc.app).get('/notifications').set(as({ userId: provinceManager, role: 'province_manager' }));
      return prov.body.some((n: { requestId: string; kind: string }) => n.requestId === requestId && n.kind === 'escalation');
    }, { what: 'the province notification' });
  });

  it('does not escalate a request that is already resolved', async () => {
    const { city } = await cityWithManager();
    await addLiaison(svc, { cityCode: city });
    const f = filed({ cityCode: city });
    const requestId = f.event.subject;
    await send([f]);
    await assignmentOf(svc, requestId, (v) => v.current.status === 'assigned');
    await send([resolved(requestId, city)]);
    await assignmentOf(svc, requestId, (x) => x.current.status === 'closed');
    const breach = slaSignal('breached', { requestId, cityCode: city, clock: 'resolution' });
    await send([breach]);
    await processed(svc, breach.event.id);
    const v = await assignmentOf(svc, requestId, (x) => x.current.status === 'closed');
    expect(v.history.map((s) => s.kind)).toEqual(['assigned', 'released']);
    expect(v.current.escalationLevel).toBe('none');
  });

  it('keeps a breach that arrives before the filing, and routes the filing after it', async () => {
    const { city, manager } = await cityWithManager();
    const l = await addLiaison(svc, { cityCode: city });
    const requestId = uniq('req');
    await send([slaSignal('breached', { requestId, cityCode: city, clock: 'response' })]);
    await waitFor(async () => (await svc.deps.cases.latest(requestId))?.state.escalationLevel === 'city', { what: 'pending escalation' });
    await send([filed({ requestId, cityCode: city })]);
    const v = await assignmentOf(svc, requestId, (x) => x.current.status === 'assigned');
    expect(v.current).toMatchObject({ assigneeId: l.userId, escalationLevel: 'city' });
    expect(v.history.map((s) => s.kind)).toEqual(['escalated', 'assigned']);
    expect(v.history[0]!.notifiedUserIds).toEqual([manager]);
  });
});
