import request from 'supertest';
import { uniq, waitFor } from '@metrodesk/testkit';
import { REQUEST_TOPIC, ASSIGNMENT_TOPIC, SLA_TOPIC, assignmentAssigned, assignmentTransferred, assignmentEscalated, clockStarted, clockWarning, clockBreached, clockMet } from '@metrodesk/contracts';
import { eventFor, type EventEnvelope } from '@metrodesk/events';
import { requestModel } from '../../src/persistence/request.model';
import { MongoRequestRepository } from '../../src/persistence/request.repository';
import { applySla } from '../../src/domain/sla';
import { PATIENCE, as, startService, seedEnterprise, enterpriseUser, liaison, manager, filing, fileAs, envelope, waitUntilHandled, DALIAN, SHENYANG, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

const run = world.serve(() => startService(), [REQUEST_TOPIC, `${ASSIGNMENT_TOPIC}.dlq`, `${SLA_TOPIC}.dlq`]);
let ent: string;
beforeAll(async () => (ent = await seedEnterprise(run.svc, SHENYANG, '沈阳热力集团')));


const MANAGER = manager(SHENYANG);
const read = async (id: string) => (await request(run.svc.app).get(`/requests/${id}`).set(MANAGER)).body;
const minutes = (n: number) => new Date(Date.now() + n * 60000);

/** Produces events as the owning service would, and waits until this service has handled them. */
async function deliver(messages: { key: string; value: EventEnvelope }[]) {
  const topic = messages[0]!.value.type.startsWith('sla.') ? SLA_TOPIC : ASSIGNMENT_TOPIC;
  await world.produce(topic, messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })));
  for (const m of messages) await waitUntilHandled(run.svc, m.value.id);
}

const assigned = (requestId: string, assigneeId: string, at = new Date()) =>
  envelope(assignmentAssigned, requestId, { requestId, cityCode: SHENYANG, at: at.toISOString(), assignmentId: uniq('as'), assigneeId, how: 'auto', by: 'assignment-router' });

function clock<D extends typeof clockStarted | typeof clockWarning | typeof clockBreached | typeof clockMet>(def: D, requestId: string, data: Record<string, unknown>) {
  return envelope(def, requestId, { requestId, cityCode: SHENYANG, cycle: 1, clock: 'response', policyId: 'p-1', policyVersion: 1, at: new Date().toISOString(), ...data } as never);
}

describe('assignment events', () => {
  it('sets the assignee and moves filed to assigned, once, ignoring duplicates and older events', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const first = assigned(r.id, 'carol', new Date(Date.now() - 1000));
    const dupBefore = run.svc.runtime.consumers[0]!.stats.duplicates;
    await deliver([{ key: r.id, value: first }, { key: r.id, value: first }]);
    expect(await read(r.id)).toMatchObject({ state: 'assigned', assigneeId: 'carol', version: 2 });
    // Both copies share one event id, so the first being handled says nothing of the second.
    await waitFor(() => run.svc.runtime.consumers[0]!.stats.duplicates > dupBefore, { timeoutMs: PATIENCE, what: 'the duplicate to arrive' });
    expect(run.svc.runtime.consumers[0]!.stats.duplicates).toBe(dupBefore + 1);
    // An assignment decided earlier but delivered later must not undo the newer one.
    await deliver([{ key: r.id, value: assigned(r.id, 'dave', new Date(Date.now() - 60000)) }]);
    expect(await read(r.id)).toMatchObject({ assigneeId: 'carol', version: 2 });
    const [changed] = await run.tap.waitFor((m) => m.key === r.id && (m.value as EventEnvelope).type === 'requests.request.status-changed', { timeoutMs: PATIENCE });
    expect((changed!.value as EventEnvelope).data).toMatchObject({ from: 'filed', to: 'assigned', action: 'assign', by: 'assignment-router', version: 2 });
    expect(run.tap.find((m) => m.key === r.id && (m.value as EventEnvelope).type === 'requests.request.status-changed')).toHaveLength(1);
    // The new assignee can now work it.
    expect((await request(run.svc.app).post(`/requests/${r.id}/respond`).set(liaison('carol')).send({ version: 2 })).status).toBe(200);
  });

  it('names on the timeline who assigned and to whom, never the assignee id', async () => {
    const r = await fileAs(run.svc, as({ userId: 'l-wang', role: 'liaison', cityCode: SHENYANG, name: '王芳' }), filing({ enterpriseId: ent }));
    const byManager = eventFor(assignmentAssigned, {
      subject: r.id,
      source: 'test',
      actor: { id: 'mgr-li', role: 'city_manager', name: '李主任' },
      data: { requestId: r.id, cityCode: SHENYANG, at: new Date().toISOString(), assignmentId: uniq('as'), assigneeId: 'carol', assigneeName: '赵磊', how: 'manual', by: 'mgr-li' },
    }).event;
    await deliver([{ key: r.id, value: byManager }]);
    expect(await read(r.id)).toMatchObject({ assigneeId: 'carol', assigneeName: '赵磊' });
    const timeline = await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(enterpriseUser(ent));
    expect(timeline.body.history).toEqual([
      expect.objectContaining({ action: 'file', byName: '王芳', byRole: 'liaison', note: null, assigneeName: null }),
      expect.objectContaining({ action: 'assign', by: 'mgr-li', byName: '李主任', byRole: 'city_manager', note: null, assigneeName: '赵磊' }),
    ]);
    expect(JSON.stringify(timeline.body.history)).not.toContain('assignee carol');
  });

  it('applies a transfer to another liaison in another city', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    await deliver([{ key: r.id, value: assigned(r.id, 'carol', new Date(Date.now() - 5000)) }]);
    const transfer = envelope(assignmentTransferred, r.id, {
      requestId: r.id, cityCode: SHENYANG, at: new Date().toISOString(), assignmentId: uniq('as'), fromAssigneeId: 'carol', toAssigneeId: 'dl-erin', toAssigneeName: '王芳', toCityCode: DALIAN, reason: 'site in Dalian', by: 'mgr',
    });
    await deliver([{ key: r.id, value: transfer }]);
    const moved = await request(run.svc.app).get(`/requests/${r.id}`).set(liaison('dl-erin', DALIAN));
    expect(moved.body).toMatchObject({ state: 'assigned', assigneeId: 'dl-erin', cityCode: DALIAN });
    // The timeline's transfer names the new assignee, as the event gave it.
    const timeline = await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(liaison('dl-erin', DALIAN));
    expect(timeline.body.history.at(-1)).toMatchObject({ action: 'transfer', assigneeName: '王芳' });
    expect((await request(run.svc.app).get(`/requests/${r.id}`).set(MANAGER)).status).toBe(404);
  });

  it('handles many requests side by side and each request\'s own events in order', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => fileAs(run.svc, enterpriseUser(ent), filing())));
    const t0 = Date.now() - 10000;
    const transfer = (requestId: string) =>
      envelope(assignmentTransferred, requestId, {
        requestId, cityCode: SHENYANG, at: new Date(t0 + 1000).toISOString(), assignmentId: uniq('as'), fromAssigneeId: 'carol', toAssigneeId: 'dave', toAssigneeName: '赵磊', toCityCode: SHENYANG, reason: 'on leave', by: 'mgr',
      });
    // One produce: every request's assignment, then every request's transfer, so the lanes of
    // different requests interleave in the partitions while each request's two stay in order.
    await deliver([...rs.map((r) => ({ key: r.id, value: assigned(r.id, 'carol', new Date(t0)) })), ...rs.map((r) => ({ key: r.id, value: transfer(r.id) }))]);
    for (const r of rs) {
      expect(await read(r.id)).toMatchObject({ state: 'assigned', assigneeId: 'dave', version: 3 });
      const timeline = await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(MANAGER);
      expect(timeline.body.history.map((h: { action: string }) => h.action)).toEqual(['file', 'assign', 'transfer']);
    }
  });

  it('dead-letters poison, skips an event for a request it never stored (no DLQ), and goes on', async () => {
    const poisonKey = uniq('poison');
    const unknown = assigned(uniq('no-such-request'), 'carol');
    await world.produce(ASSIGNMENT_TOPIC, [{ key: poisonKey, value: 'not json at all' }, { key: unknown.subject, value: JSON.stringify(unknown) }]);
    await run.tap.waitFor((m) => m.key === poisonKey && m.topic === world.topic(`${ASSIGNMENT_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    // Dead-lettering happens before the event is marked handled, so once handled, absence is final.
    await waitUntilHandled(run.svc, unknown.id);
    expect(run.tap.find((m) => m.key === unknown.subject && m.topic === world.topic(`${ASSIGNMENT_TOPIC}.dlq`))).toHaveLength(0);
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    await deliver([{ key: r.id, value: assigned(r.id, 'carol') }]);
    expect((await read(r.id)).assigneeId).toBe('carol');
  });
});

describe('SLA events', () => {
  it('shows the clocks on the request; a breach sticks; duplicates and late events change nothing', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const deadline = minutes(60).toISOString();
    const started = clock(clockStarted, r.id, { deadline, target: 'PT24H', at: new Date(Date.now() - 3000).toISOString() });
    await deliver([{ key: r.id, value: started }, { key: r.id, value: started }]);
    expect((await read(r.id)).sla).toMatchObject({ state: 'on_track', nextDeadline: deadline, response: { status: 'running', breached: false } });
    await deliver([{ key: r.id, value: clock(clockWarning, r.id, { deadline, threshold: 75, at: new Date(Date.now() - 2000).toISOString() }) }]);
    expect((await read(r.id)).sla).toMatchObject({ state: 'warning', response: { warning: 75 } });
    await deliver([{ key: r.id, value: clock(clockBreached, r.id, { deadline, at: new Date(Date.now() - 1000).toISOString() }) }]);
    // A copy of the start, delivered late with a new id, must not clear the breach.
    await deliver([{ key: r.id, value: { ...started, id: clock(clockStarted, r.id, { deadline, target: 'PT24H' }).id } }]);
    const seen = (await read(r.id)).sla;
    expect(seen).toMatchObject({ state: 'breached', response: { status: 'breached', breached: true } });
    // An older cycle's event is ignored, and SLA updates never make the user's version stale.
    await deliver([{ key: r.id, value: clock(clockMet, r.id, { cycle: 1, deadline, elapsedMs: 1, withinTarget: true, at: new Date(Date.now() - 999999).toISOString() }) }]);
    const after = await read(r.id);
    expect(after.sla).toEqual(seen);
    expect(after.version).toBe(1);
    const timeline = (await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(enterpriseUser(ent))).body;
    expect(timeline.sla.state).toBe('breached');
  });

  it("reads no SLA view of a request it filed; a copy another replica overtook is read again and both signals kept", async () => {
    const model = requestModel(run.svc.runtime.mongo);
    const reads = jest.spyOn(model, 'findById');
    const slaReads = (id: string) => reads.mock.calls.filter(([rid, projection]) => rid === id && projection !== null && typeof projection === 'object' && 'slaRev' in projection).length;
    try {
      const r = await fileAs(run.svc, enterpriseUser(ent), filing());
      const deadline = minutes(60).toISOString();
      await deliver([{ key: r.id, value: clock(clockStarted, r.id, { deadline, target: 'PT1H' }) }]);
      await deliver([{ key: r.id, value: clock(clockStarted, r.id, { clock: 'resolution', deadline: minutes(600).toISOString(), target: 'P5D' }) }]);
      expect(slaReads(r.id)).toBe(0);
      expect((await read(r.id)).sla).toMatchObject({ state: 'on_track', response: { status: 'running' }, resolution: { status: 'running' } });

      // Another replica saves the view meanwhile (its own repository on the same database).
      const other = new MongoRequestRepository(run.svc.runtime.mongo);
      const theirs = await other.findSla(r.id);
      expect(await other.saveSla(r.id, theirs!.rev, applySla(theirs!.sla, { cycle: 1, clock: 'response', at: new Date(), event: { kind: 'warning', deadline: new Date(deadline), threshold: 80 } })!)).toBe(true);
      const readsBefore = slaReads(r.id);
      await deliver([{ key: r.id, value: clock(clockMet, r.id, { clock: 'resolution', deadline: minutes(600).toISOString(), elapsedMs: 1, withinTarget: true }) }]);
      // Its copy was behind: the compare-and-set matched nothing, and the view was read once.
      expect(slaReads(r.id) - readsBefore).toBe(1);
      expect((await read(r.id)).sla).toMatchObject({ state: 'warning', response: { status: 'running', warning: 80 }, resolution: { status: 'met' } });
    } finally {
      reads.mockRestore();
    }
  });

  it('dead-letters an SLA event with bad data and goes on', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const bad = { ...clock(clockStarted, r.id, { deadline: minutes(5).toISOString(), target: 'PT1H' }), data: { requestId: r.id, cycle: 'one' } };
    await world.produce(SLA_TOPIC, [{ key: r.id, value: JSON.stringify(bad) }]);
    await run.tap.waitFor((m) => m.key === r.id && m.topic === world.topic(`${SLA_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    await deliver([{ key: r.id, value: clock(clockStarted, r.id, { deadline: minutes(5).toISOString(), target: 'PT1H' }) }]);
    expect((await read(r.id)).sla.state).toBe('on_track');
  });
});

describe('queries', () => {
  it('serves a liaison queue sorted by the nearest deadline, filtered by SLA state and status, page by page', async () => {
    const who = uniq('queue-liaison');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fileAs(run.svc, enterpriseUser(ent), filing({ title: `queue ${i}` }));
      await deliver([{ key: r.id, value: assigned(r.id, who) }]);
      ids.push(r.id);
    }
    // Deadlines: ids[2] nearest, then ids[0], then ids[1]; ids[3] has none yet and sorts last.
    const offsets = [30, 90, 10];
    for (let i = 0; i < 3; i++) await deliver([{ key: ids[i]!, value: clock(clockStarted, ids[i]!, { deadline: minutes(offsets[i]!).toISOString(), target: 'PT24H' }) }]);
    await deliver([{ key: ids[1]!, value: clock(clockBreached, ids[1]!, { deadline: minutes(90).toISOString() }) }]);

    const queue = await request(run.svc.app).get('/requests').query({ assigneeId: who, sort: 'deadline' }).set(liaison(who));
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[0], ids[1], ids[3]]);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await request(run.svc.app)
        .get('/requests')
        .query({ assigneeId: who, sort: 'deadline', limit: 1, ...(cursor ? { cursor } : {}) })
        .set(MANAGER);
      walked.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual([ids[2], ids[0], ids[1], ids[3]]);

    const breached = await request(run.svc.app).get('/requests').query({ assigneeId: who, slaState: 'breached' }).set(MANAGER);
    expect(breached.body.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const byCityAndState = await request(run.svc.app).get('/requests').query({ cityCode: SHENYANG, assigneeId: who, state: 'assigned,responded' }).set(MANAGER);
    expect(byCityAndState.body.items).toHaveLength(4);
    const newest = await request(run.svc.app).get('/requests').query({ assigneeId: who }).set(MANAGER);
    expect(newest.body.items.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    expect((await request(run.svc.app).get('/requests').query({ cursor: 'garbage' }).set(MANAGER)).status).toBe(400);
    expect((await request(run.svc.app).get('/requests').query({ state: 'sleeping' }).set(MANAGER)).status).toBe(400);
  });

  it('finds by keyword (any case, regex characters taken literally) and lists an enterprise its own requests', async () => {
    const word = uniq('Flowmeter').toUpperCase();
    const own = await seedEnterprise(run.svc, SHENYANG);
    const r = await fileAs(run.svc, enterpriseUser(own), filing({ title: `Calibrate ${word} (DN50)+`, instruments: [{ class: 'flowmeter', count: 2 }] }));
    const found = await request(run.svc.app).get('/requests').query({ q: word.toLowerCase() }).set(MANAGER);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect((await request(run.svc.app).get('/requests').query({ q: `${word} (DN50)+` }).set(MANAGER)).body.items).toHaveLength(1);
    const mine = await request(run.svc.app).get('/requests').set(enterpriseUser(own));
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect((await request(run.svc.app).get('/requests').query({ q: word }).set(enterpriseUser(ent))).body.items).toEqual([]);
  });
});

describe('the return-visit deadline and policy escalation', () => {
  async function resolved(assignee: string) {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    await deliver([{ key: r.id, value: assigned(r.id, assignee, new Date(Date.now() - 5000)) }]);
    const who = liaison(assignee);
    for (const [path, body] of [['respond', {}], ['resolve', { text: 'done', solved: true, kind: 'on_site_verification' }]] as const) {
      const { version } = await read(r.id);
      const res = await request(run.svc.app).post(`/requests/${r.id}/${path}`).set(who).send({ version, ...body });
      expect(res.status).toBe(200);
    }
    return r.id;
  }
  const returnVisitBreach = (requestId: string, cycle = 1) =>
    envelope(clockBreached, requestId, { requestId, cityCode: SHENYANG, cycle, clock: 'return_visit', policyId: 'p-1', policyVersion: 1, at: new Date().toISOString(), deadline: new Date().toISOString() });

  it('closes a request still waiting for its return visit as no answer when sla reports the breach (once, duplicates ignored)', async () => {
    const id = await resolved(uniq('rv-liaison'));
    const breach = returnVisitBreach(id);
    await deliver([{ key: id, value: breach }, { key: id, value: breach }]);
    const after = await read(id);
    expect(after).toMatchObject({ state: 'closed', outcome: 'no_answer', closedAt: expect.any(String), returnVisits: [] });
    // The return-visit clock does not enter the queue's SLA view.
    expect(after.sla.state).toBe('none');
    const [closed] = await run.tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.closed', { timeoutMs: PATIENCE });
    expect((closed!.value as EventEnvelope).data).toMatchObject({ outcome: 'no_answer', satisfied: null, satisfaction: null });
    expect(run.tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.closed')).toHaveLength(1);
    // A later cycle's breach, or one for a request already closed, changes nothing.
    await deliver([{ key: id, value: returnVisitBreach(id) }]);
    expect((await read(id)).version).toBe(after.version);
  });

  it('shows the policy escalation from assignment with level, time and reason, and in the timeline; a repeat changes nothing', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    await deliver([{ key: r.id, value: assigned(r.id, 'carol', new Date(Date.now() - 5000)) }]);
    const escalated = (level: 'city' | 'province') =>
      envelope(assignmentEscalated, r.id, { requestId: r.id, cityCode: SHENYANG, at: new Date().toISOString(), level, notifiedUserIds: ['mgr'], reason: `response target ${level === 'city' ? '100' : '150'} % passed` });
    const city = escalated('city');
    await deliver([{ key: r.id, value: city }, { key: r.id, value: city }]);
    expect((await read(r.id)).escalation).toMatchObject({ level: 'city', source: 'sla', reason: 'response target 100 % passed', at: expect.any(String) });
    await deliver([{ key: r.id, value: escalated('city') }]);
    await deliver([{ key: r.id, value: escalated('province') }]);
    expect((await read(r.id)).escalation).toMatchObject({ level: 'province', source: 'sla' });
    const timeline = (await request(run.svc.app).get(`/requests/${r.id}/timeline`).set(MANAGER)).body;
    expect(timeline.history.filter((h: { action: string }) => h.action === 'escalate').map((h: { note: string }) => h.note)).toEqual(['response target 100 % passed', 'response target 150 % passed']);
  });

  it('dead-letters a poison assignment.escalated event and a poison return-visit breach', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const badBreach = { ...returnVisitBreach(r.id), data: { requestId: r.id, clock: 'return_visit', cycle: 'one' } };
    await world.produce(SLA_TOPIC, [{ key: r.id, value: JSON.stringify(badBreach) }]);
    await run.tap.waitFor((m) => m.key === r.id && m.topic === world.topic(`${SLA_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    const bad = { ...envelope(assignmentEscalated, r.id, { requestId: r.id, cityCode: SHENYANG, at: new Date().toISOString(), level: 'city', notifiedUserIds: [], reason: 'x' }), data: { requestId: r.id, level: 'galaxy' } };
    await world.produce(ASSIGNMENT_TOPIC, [{ key: r.id, value: JSON.stringify(bad) }]);
    await run.tap.waitFor((m) => m.key === r.id && m.topic === world.topic(`${ASSIGNMENT_TOPIC}.dlq`), { timeoutMs: PATIENCE });
  });
});
