import { type TopicTap, uniq, waitFor } from '@metrodesk/testkit';
import { uuidv7 } from '@metrodesk/events';
import { requestFiled, ASSIGNMENT_TOPIC, ENTERPRISE_TOPIC, REQUEST_TOPIC, SLA_TOPIC, USER_TOPIC } from '@metrodesk/contracts';
import type { AssignmentService } from '../../src/service';
import { routeFiledRequest, type FiledData } from '../../src/use-cases/route-filed-request';
import { CASES } from '../../src/persistence/assignment.model';
import {
  addLiaison,
  assignmentOf,
  enterprise,
  envelope,
  filed,
  newCity,
  processed,
  send,
  slaEscalated,
  slaSignal,
  startService,
  user,
  world,
} from '../fixtures/assignment';

// Two instances of the service in one consumer group, sharing one database.

// The shared servers run many suites at once on two cores: be patient, never assert speed.
jest.setTimeout(120000);
let a: AssignmentService;
let b: AssignmentService;
let tap: TopicTap;
let dlq: TopicTap;
const group = uniq('assignment-concurrency');

beforeAll(async () => {
  a = await startService(group);
  b = await startService(group);
  const admin = a.runtime.kafka.admin();
  await admin.connect();
  await waitFor(async () => {
    const { groups } = await admin.describeGroups([a.runtime.consumers[0]!.groupId]);
    return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
  }, { timeoutMs: 60000, intervalMs: 500, what: 'both instances in the group' });
  await admin.disconnect();
  tap = await world.tap([ASSIGNMENT_TOPIC]);
  dlq = await world.tap([REQUEST_TOPIC, SLA_TOPIC, USER_TOPIC, ENTERPRISE_TOPIC].map((t) => `${t}.dlq`));
}, 120000);
afterAll(async () => {
  await tap.stop();
  await dlq.stop();
  await a.stop();
  await b.stop();
  await world.drop();
});

const typeOf = (m: { value: unknown }) => (m.value as { type: string }).type;

describe('exactly one active assignment per request', () => {
  it('assigns each request once when every filing arrives twice, and again under a new event id, at two instances', async () => {
    const city = newCity();
    for (let i = 0; i < 3; i++) await addLiaison(svcFor(i), { cityCode: city, capacity: 100 });
    const filings = Array.from({ length: 30 }, () => filed({ cityCode: city }));
    // The same envelope twice, then the same filing re-sent by a producer that lost its ack (a new id).
    const reissued = filings.map((f) => ({ topic: f.topic, event: { ...f.event, id: envelope(requestFiled, f.event.subject, f.event.data as FiledData).event.id } }));
    // Filings are idempotent by themselves (no processed-id records): count deliveries handled instead.
    const handled = () => a.runtime.consumers[0]!.stats.handled + b.runtime.consumers[0]!.stats.handled;
    const before = handled();
    await send([...filings, ...reissued], 2);
    await waitFor(() => handled() - before >= 4 * filings.length, { timeoutMs: 45000, what: 'every delivery of every filing to be handled' });
    for (const f of filings) await assignmentOf(a, f.event.subject, (v) => v.current.status === 'assigned');
    // Give the relay time to publish anything a second winner might have written.
    await tap.waitFor((m) => filings.some((f) => f.event.subject === m.key), { count: filings.length });
    await new Promise((r) => setTimeout(r, 1500));
    for (const f of filings) {
      // Both relays poll the same outbox, so one event may be published twice (at least
      // once, same event id, which consumers skip); what must never happen is a second assignment.
      const history = await a.deps.cases.history(f.event.subject);
      expect(history.map((s) => s.kind)).toEqual(['assigned']);
      // Only this deployment's events: other assignment instances on the shared servers may see these filings too.
      const ours = new Set(history.map((s) => s.state.assignmentId));
      const events = tap.find((m) => m.key === f.event.subject && typeOf(m) === 'assignment.assignment.assigned' && ours.has((m.value as { data: { assignmentId: string } }).data.assignmentId));
      expect(new Set(events.map((m) => (m.value as { id: string }).id)).size).toBe(1);
    }
    const load = await a.deps.cases.load(city);
    expect([...load.values()].reduce((x, y) => x + y, 0)).toBe(30);
    // Both instances took part.
    expect(a.runtime.consumers[0]!.stats.handled).toBeGreaterThan(0);
    expect(b.runtime.consumers[0]!.stats.handled).toBeGreaterThan(0);
  });

  it('lets only one of many concurrent routings of the same filing win, across both instances', async () => {
    const city = newCity();
    await addLiaison(a, { cityCode: city, capacity: 100 });
    await addLiaison(a, { cityCode: city, capacity: 100 });
    for (let i = 0; i < 10; i++) {
      const data = filed({ cityCode: city }).event.data as FiledData;
      const results = await Promise.all([a, b, a, b, a, b, a, b].map((svc) => routeFiledRequest(svc.deps, data)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await b.deps.cases.history(data.requestId)).map((s) => s.seq)).toEqual([1]);
    }
  });
});

describe('a crash between a step and its projection', () => {
  it('brings the case back when the filing is delivered again', async () => {
    const city = newCity();
    await addLiaison(a, { cityCode: city, capacity: 100 });
    const data = filed({ cityCode: city }).event.data as FiledData;
    expect(await routeFiledRequest(a.deps, data)).not.toBeNull();
    // What kill -9 after the step's insert leaves: the step, and no case.
    await a.runtime.mongo.collection(CASES).deleteOne({ _id: data.requestId as never });
    expect((await a.deps.cases.openInCity(city)).map((c) => c.requestId)).not.toContain(data.requestId);
    expect(await routeFiledRequest(b.deps, data)).toBeNull();
    expect((await a.deps.cases.openInCity(city)).map((c) => c.requestId)).toContain(data.requestId);
    expect((await a.deps.cases.history(data.requestId)).map((s) => s.seq)).toEqual([1]);
  });
});

function svcFor(i: number) {
  return i % 2 === 0 ? a : b;
}

/** A message that is not JSON, and a well-formed envelope whose data breaks the contract. */
function poison(topic: string, type: string) {
  const notJson = uniq('poison');
  const badData = uniq('baddata');
  const bad = { specversion: '1.0', id: uuidv7(), type, source: 'test', time: new Date().toISOString(), subject: badData, dataversion: '1', correlationid: badData, data: { nope: true } };
  return { keys: [notJson, badData], send: () => world.produce(topic, [{ key: notJson, value: '{"id":' }, { key: badData, value: JSON.stringify(bad) }]) };
}

async function expectDeadLettered(keys: string[]) {
  for (const key of keys) await dlq.waitFor((m) => m.key === key, { what: `poison ${key} on the DLQ` });
}

describe('duplicate and poison messages on every consumed topic', () => {
  it('requests: a duplicate filing is one assignment; poison goes to the DLQ and the next filing is routed', async () => {
    const city = newCity();
    await addLiaison(a, { cityCode: city });
    const f = filed({ cityCode: city });
    const p = poison(REQUEST_TOPIC, 'requests.request.filed');
    await send([f], 2);
    await p.send();
    const after = filed({ cityCode: city });
    await send([after]);
    // Requests run side by side (only one request's own events keep their order): wait for each.
    await assignmentOf(a, after.event.subject, (v) => v.current.status === 'assigned');
    await assignmentOf(a, f.event.subject, (v) => v.current.status === 'assigned');
    await expectDeadLettered(p.keys);
    expect((await a.deps.cases.history(f.event.subject)).map((s) => s.kind)).toEqual(['assigned']);
  });

  it('sla: a duplicate escalation step escalates once; poison goes to the DLQ and the next step is handled', async () => {
    const city = newCity();
    await addLiaison(a, { cityCode: city });
    const f = filed({ cityCode: city });
    await send([f]);
    await assignmentOf(a, f.event.subject, (v) => v.current.status === 'assigned');
    const toCity = slaEscalated({ requestId: f.event.subject, cityCode: city, level: 'city' });
    const p = poison(SLA_TOPIC, 'sla.clock.escalated');
    await send([toCity], 2);
    // The same step re-issued under a new event id is still the same level.
    await send([slaEscalated({ requestId: f.event.subject, cityCode: city, level: 'city' })]);
    await p.send();
    const next = slaEscalated({ requestId: f.event.subject, cityCode: city, level: 'province' });
    await send([next]);
    const v = await assignmentOf(a, f.event.subject, (x) => x.current.escalationLevel === 'province');
    await expectDeadLettered(p.keys);
    expect(v.history.map((s) => [s.kind, s.level])).toEqual([['assigned', null], ['escalated', 'city'], ['escalated', 'province']]);
    // A warning that breaks the contract is poison too; a valid breach escalates nothing (the
    // warning after it, same request and so same order, shows it was read).
    const breach = slaSignal('breached', { requestId: f.event.subject, cityCode: city, clock: 'resolution' });
    const warning = slaSignal('warning', { requestId: f.event.subject, cityCode: city, clock: 'resolution', threshold: 50 });
    const pw = poison(SLA_TOPIC, 'sla.clock.warning');
    await send([breach, warning]);
    await pw.send();
    await assignmentOf(a, f.event.subject, (x) => x.notifications.some((n) => n.kind === 'sla_warning'));
    await expectDeadLettered(pw.keys);
    expect((await a.deps.cases.history(f.event.subject)).map((s) => s.kind)).toEqual(['assigned', 'escalated', 'escalated']);
  });

  it('identity: a duplicate user event changes nothing twice; poison goes to the DLQ and the next user is learnt', async () => {
    const city = newCity();
    const u = user({ userId: uniq('li'), role: 'liaison', cityCode: city });
    const p = poison(USER_TOPIC, 'identity.user.created');
    await send([u], 2);
    await p.send();
    const later = user({ userId: uniq('li'), role: 'liaison', cityCode: city });
    await send([later]);
    // Users run side by side (only one user's own events keep their order): wait for each.
    await waitFor(async () => (await a.deps.liaisons.findById(later.event.subject))?.accountActive, { what: 'the later user' });
    await waitFor(async () => (await a.deps.liaisons.findById(u.event.subject))?.accountActive, { what: 'the repeated user' });
    await expectDeadLettered(p.keys);
    const roster = await a.deps.liaisons.all(city);
    expect(roster.map((l) => l.userId).sort()).toEqual([u.event.subject, later.event.subject].sort());
    expect(roster.every((l) => l.version === 1 && l.accountActive)).toBe(true);
  });

  it('accounts: an older enterprise snapshot never moves the territory back; poison goes to the DLQ', async () => {
    const [first, moved] = [newCity(), newCity()];
    const id = uniq('ent');
    const p = poison(ENTERPRISE_TOPIC, 'accounts.enterprise.registered');
    const v1 = enterprise(id, first, 1);
    const v2 = enterprise(id, moved, 2);
    await send([v2, v2, v1]);
    await p.send();
    await processed(a, v1.event.id);
    await expectDeadLettered(p.keys);
    expect(await a.deps.enterprises.cityOf(id)).toBe(moved);
  });
});
