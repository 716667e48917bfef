import request from 'supertest';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { REQUEST_TOPIC } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { RequestsService } from '../../src/service';
import { createApp } from '../../src/app';
import { PATIENCE, SECRET, startService, seedEnterprise, enterpriseUser, liaison, manager, province, filing, fileAs, DALIAN, SHENYANG, type Headers, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

let svc: RequestsService;
let tap: TopicTap;
let ent: string;
let other: string;
const ALICE = liaison('alice');
const BOB = liaison('bob');
const MANAGER = manager(SHENYANG);

beforeAll(async () => {
  svc = await startService();
  tap = await world.tap([REQUEST_TOPIC]);
  [ent, other] = await Promise.all([seedEnterprise(svc, SHENYANG), seedEnterprise(svc, SHENYANG)]);
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

const get = async (id: string, who: Headers = MANAGER) => (await request(svc.app).get(`/requests/${id}`).set(who)).body;

/** Posts an action with the version the caller just read. */
async function act(id: string, path: string, who: Headers, body: Record<string, unknown> = {}) {
  const { version } = await get(id);
  return request(svc.app).post(`/requests/${id}/${path}`).set(who).send({ version, ...body });
}
async function ok(id: string, path: string, who: Headers, body: Record<string, unknown> = {}) {
  const res = await act(id, path, who, body);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A request filed by the enterprise and assigned to alice. */
async function assignedToAlice(enterprise = ent) {
  const r = await fileAs(svc, enterpriseUser(enterprise), filing({ title: uniq('gas alarms') }));
  await ok(r.id, 'assign', MANAGER, { assigneeId: 'alice' });
  return r.id;
}

/** The event types published for a request, in order, once `last` has arrived. */
async function eventsOf(id: string, last: string) {
  await tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === last, { timeoutMs: PATIENCE, what: `${last} for ${id}` });
  return tap.find((m) => m.key === id).map((m) => m.value as EventEnvelope<Record<string, unknown>>);
}

describe('lifecycle over HTTP', () => {
  it('happy path: filed, assigned, responded by the first public reply, in progress, resolved, closed', async () => {
    const id = await assignedToAlice();
    const internal = await request(svc.app).post(`/requests/${id}/comments`).set(ALICE).send({ body: 'checking the route', visibility: 'internal' });
    expect(internal.body.request.state).toBe('assigned');
    const reply = await request(svc.app).post(`/requests/${id}/comments`).set(ALICE).send({ body: '您好，我们明天上门', visibility: 'public' });
    expect(reply.status).toBe(201);
    expect(reply.body.request).toMatchObject({ state: 'responded', respondedAt: expect.any(String) });
    await ok(id, 'start', ALICE);
    const resolved = await ok(id, 'resolve', ALICE, { text: 'All 54 alarms verified on site', solved: true, kind: 'on_site_verification' });
    expect(resolved.solution).toMatchObject({ solved: true, kind: 'on_site_verification', by: 'alice' });
    const closed = await ok(id, 'return-visit', enterpriseUser(ent), { satisfaction: 5, satisfied: true, comment: '很满意' });
    expect(closed).toMatchObject({ state: 'closed', returnVisits: [{ cycle: 1, satisfaction: 5, satisfied: true, byRole: 'enterprise' }] });

    const events = await eventsOf(id, 'requests.request.closed');
    expect(events.map((e) => e.type)).toEqual([
      'requests.request.filed',
      'requests.request.status-changed',
      'requests.request.status-changed',
      'requests.request.responded',
      'requests.request.status-changed',
      'requests.request.status-changed',
      'requests.request.resolved',
      'requests.request.status-changed',
      'requests.request.closed',
    ]);
    expect(events.filter((e) => e.type.endsWith('status-changed')).map((e) => [e.data.from, e.data.to, e.data.action])).toEqual([
      ['filed', 'assigned', 'assign'],
      ['assigned', 'responded', 'respond'],
      ['responded', 'in_progress', 'start'],
      ['in_progress', 'resolved', 'resolve'],
      ['resolved', 'closed', 'return_visit_satisfied'],
    ]);
    expect(events.find((e) => e.type.endsWith('closed'))!.data).toMatchObject({ satisfaction: 5, satisfied: true, cycle: 1 });
    const versions = events.map((e) => e.data.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    const timeline = (await request(svc.app).get(`/requests/${id}/timeline`).set(MANAGER)).body;
    expect(timeline.history.map((h: { action: string; from: string | null; to: string }) => `${h.action}:${h.from}->${h.to}`)).toEqual([
      'file:null->filed',
      'assign:filed->assigned',
      'comment:assigned->assigned',
      'comment:assigned->assigned',
      'respond:assigned->responded',
      'start:responded->in_progress',
      'resolve:in_progress->resolved',
      'return_visit_satisfied:resolved->closed',
    ]);
    expect(timeline.history[1]).toMatchObject({ by: `mgr-${SHENYANG}`, byRole: 'city_manager', at: expect.any(String) });
    expect(timeline.comments).toHaveLength(2);
    const seenByEnterprise = (await request(svc.app).get(`/requests/${id}/timeline`).set(enterpriseUser(ent))).body;
    expect(seenByEnterprise.comments.map((c: { body: string }) => c.body)).toEqual(['您好，我们明天上门']);
    expect((await request(svc.app).post(`/requests/${id}/comments`).set(ALICE).send({ body: 'late', visibility: 'public' })).status).toBe(409);
  });

  it('waits for the enterprise and resumes when it answers', async () => {
    const id = await assignedToAlice();
    await ok(id, 'respond', ALICE, { note: 'on it' });
    const waiting = await ok(id, 'ask', ALICE, { question: 'Which models are the alarms?' });
    expect(waiting.state).toBe('waiting_enterprise');
    const resumed = await ok(id, 'answer', enterpriseUser(ent), { answer: 'GT-100 and GT-200' });
    expect(resumed.state).toBe('in_progress');
    const events = await eventsOf(id, 'requests.request.resumed');
    expect(events.map((e) => e.type)).toContain('requests.request.paused');
    expect(events.find((e) => e.type.endsWith('paused'))!.data).toMatchObject({ reason: 'Which models are the alarms?' });
  });

  it('escalates to the city and then the province, never twice to one level', async () => {
    const id = await assignedToAlice();
    await ok(id, 'escalate', ALICE, { level: 'city', reason: 'parts unavailable' });
    const again = await act(id, 'escalate', ALICE, { level: 'city', reason: 'still' });
    expect(again.status).toBe(409);
    const up = await ok(id, 'escalate', MANAGER, { level: 'province', reason: 'needs the provincial institute' });
    expect(up.escalation).toMatchObject({ level: 'province', by: `mgr-${SHENYANG}` });
    expect((await act(id, 'escalate', enterpriseUser(ent), { level: 'province', reason: 'x' })).status).toBe(403);
    const events = await eventsOf(id, 'requests.request.escalated');
    await tap.waitFor((m) => m.key === id && (m.value as EventEnvelope<{ level: string }>).data.level === 'province', { timeoutMs: PATIENCE });
    expect(events.filter((e) => e.type.endsWith('escalated')).length).toBeGreaterThanOrEqual(1);
  });

  it('asks for an extension; only a manager decides; one pending at a time', async () => {
    const id = await assignedToAlice();
    await ok(id, 'respond', ALICE);
    await ok(id, 'start', ALICE);
    const asked = await ok(id, 'extensions', ALICE, { workingDays: 5, reason: 'reference standard in repair' });
    const ext = asked.extensions[0];
    expect(ext).toMatchObject({ status: 'pending', workingDays: 5, requestedBy: 'alice' });
    expect((await act(id, 'extensions', ALICE, { workingDays: 2, reason: 'more' })).status).toBe(409);
    expect((await act(id, `extensions/${ext.id}/approve`, ALICE)).status).toBe(403);
    const approved = await ok(id, `extensions/${ext.id}/approve`, MANAGER, { note: 'ok' });
    expect(approved.extensions[0]).toMatchObject({ status: 'approved', decidedBy: `mgr-${SHENYANG}` });
    const second = await ok(id, 'extensions', ALICE, { workingDays: 10, reason: 'again' });
    const rejected = await ok(id, `extensions/${second.extensions[1].id}/reject`, MANAGER, { note: 'no' });
    expect(rejected.extensions[1].status).toBe('rejected');
    const events = await eventsOf(id, 'requests.request.extension-decided');
    await tap.waitFor((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.extension-decided', { count: 2, timeoutMs: PATIENCE });
    const decided = tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.extension-decided').map((m) => (m.value as EventEnvelope<{ approved: boolean; workingDays: number }>).data);
    expect(decided.map((d) => [d.approved, d.workingDays])).toEqual([[true, 5], [false, 0]]);
    expect(events.some((e) => e.type.endsWith('extension-requested'))).toBe(true);
  });

  it('an unsatisfied return visit reopens the request for redo in a new SLA cycle', async () => {
    const id = await assignedToAlice();
    await ok(id, 'respond', ALICE);
    await ok(id, 'resolve', ALICE, { text: 'adjusted', solved: false, kind: 'technical_advice' });
    const reopened = await ok(id, 'return-visit', BOB, { satisfaction: 2, satisfied: false, comment: 'alarms still drift', contactName: '王经理' });
    expect(reopened).toMatchObject({ state: 'assigned', cycle: 2, assigneeId: 'alice', respondedAt: null, solution: null });
    await ok(id, 'respond', ALICE);
    await ok(id, 'resolve', ALICE, { text: 'replaced sensors', solved: true, kind: 'on_site_verification' });
    const closed = await ok(id, 'return-visit', enterpriseUser(ent), { satisfaction: 4, satisfied: true });
    expect(closed.returnVisits.map((v: { cycle: number; satisfied: boolean }) => [v.cycle, v.satisfied])).toEqual([[1, false], [2, true]]);
    const events = await eventsOf(id, 'requests.request.closed');
    expect(reopened.returnVisits[0]).toMatchObject({ contactName: '王经理', byRole: 'liaison', by: 'bob' });
    expect(events.find((e) => e.type.endsWith('reopened'))!.data).toMatchObject({ satisfaction: 2, cycle: 2, reason: 'unsatisfied' });
    expect(events.find((e) => e.type.endsWith('closed'))!.data).toMatchObject({ cycle: 2 });
  });

  it('is withdrawn by the enterprise, after which every action is a 409 naming the state and the action', async () => {
    const id = await assignedToAlice();
    const withdrawn = await ok(id, 'withdraw', enterpriseUser(ent), { reason: 'fixed it ourselves' });
    expect(withdrawn.state).toBe('withdrawn');
    await eventsOf(id, 'requests.request.withdrawn');
    const res = await act(id, 'respond', ALICE);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'illegal_transition', state: 'withdrawn', action: 'respond' });
    expect(res.body.detail).toBe('Cannot respond a request that is withdrawn.');
  });

  it('refuses an action the state does not allow with a 409 naming both', async () => {
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    const res = await act(r.id, 'start', MANAGER);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'illegal_transition', state: 'filed', action: 'start' });
  });

  it('lets only one of two staff acting at once win; the other gets 409 and nothing is lost', async () => {
    const id = await assignedToAlice();
    await ok(id, 'respond', ALICE);
    const { version } = await get(id);
    const [a, b] = await Promise.all([
      request(svc.app).post(`/requests/${id}/ask`).set(ALICE).send({ version, question: 'need the model list' }),
      request(svc.app).post(`/requests/${id}/escalate`).set(BOB).send({ version, level: 'city', reason: 'slow' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ code: 'version_conflict', expectedVersion: version, currentVersion: version + 1 });
    const after = (await request(svc.app).get(`/requests/${id}/timeline`).set(MANAGER)).body;
    expect(after.version).toBe(version + 1);
    expect(after.history.filter((h: { action: string }) => h.action === 'ask' || h.action === 'escalate')).toHaveLength(1);
    // The loser reloads and succeeds.
    const retried = await act(id, loser === a ? 'ask' : 'escalate', loser === a ? ALICE : BOB, loser === a ? { question: 'need the model list' } : { level: 'city', reason: 'slow' });
    expect(retried.status).toBe(200);
  });
});

describe('access', () => {
  it('hides a request from another enterprise and another city (404), and lists only what each may see', async () => {
    const id = await assignedToAlice();
    expect((await request(svc.app).get(`/requests/${id}`).set(enterpriseUser(other))).status).toBe(404);
    expect((await request(svc.app).get(`/requests/${id}/timeline`).set(liaison('dl-1', DALIAN))).status).toBe(404);
    expect((await act(id, 'withdraw', enterpriseUser(other))).status).toBe(404);
    expect((await request(svc.app).post(`/requests/${id}/comments`).set(liaison('dl-1', DALIAN)).send({ body: 'x', visibility: 'public' })).status).toBe(404);
    expect((await request(svc.app).get(`/requests/${id}`).set(province)).status).toBe(200);
    expect((await request(svc.app).get(`/requests/${id}`)).status).toBe(401);
    const otherList = await request(svc.app).get('/requests').set(enterpriseUser(other));
    expect(otherList.body.items.every((r: { enterpriseId: string }) => r.enterpriseId === other)).toBe(true);
    const dalianQueue = await request(svc.app).get('/requests').query({ cityCode: SHENYANG }).set(liaison('dl-1', DALIAN));
    expect(dalianQueue.body.items).toEqual([]);
  });

  it('forbids actions outside the caller role (403)', async () => {
    const id = await assignedToAlice();
    expect((await act(id, 'respond', BOB)).status).toBe(403);
    expect((await act(id, 'assign', ALICE, { assigneeId: 'bob' })).status).toBe(403);
    expect((await act(id, 'resolve', enterpriseUser(ent), { text: 'x', solved: true, kind: 'other' })).status).toBe(403);
    const internal = await request(svc.app).post(`/requests/${id}/comments`).set(enterpriseUser(ent)).send({ body: 'psst', visibility: 'internal' });
    expect(internal.status).toBe(403);
  });

  it('does not count a public comment by someone other than the assignee as the response', async () => {
    const id = await assignedToAlice();
    const res = await request(svc.app).post(`/requests/${id}/comments`).set(BOB).send({ body: 'I can help', visibility: 'public' });
    expect(res.body.request.state).toBe('assigned');
    expect(res.body.request.respondedAt).toBeNull();
  });
});

describe('daily loop rules', () => {
  /** A request resolved by alice, waiting for its return visit. */
  async function resolvedByAlice() {
    const id = await assignedToAlice();
    await ok(id, 'respond', ALICE);
    await ok(id, 'resolve', ALICE, { text: 'verified on site', solved: true, kind: 'on_site_verification' });
    return id;
  }

  it('keeps the preferred time as free text, publishes it as preferredTime with preferredDate null, and takes a structured date apart', async () => {
    const free = await fileAs(svc, enterpriseUser(ent), filing({ preferredTime: '工作日上午' }));
    expect(await get(free.id)).toMatchObject({ preferredTime: '工作日上午', preferredDate: null });
    const [filed] = await eventsOf(free.id, 'requests.request.filed');
    expect(filed!.data).toMatchObject({ preferredTime: '工作日上午', preferredDate: null });
    const dated = await fileAs(svc, enterpriseUser(ent), filing({ preferredTime: '上午', preferredDate: '2026-12-20' }));
    expect((await eventsOf(dated.id, 'requests.request.filed'))[0]!.data).toMatchObject({ preferredTime: '上午', preferredDate: '2026-12-20' });
    const bad = await request(svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', uniq('idem')).send(filing({ preferredDate: '工作日上午' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('preferredDate');
  });

  it('forbids the assignee to rate their own request; staff recording a phone return visit must name the contact', async () => {
    const id = await resolvedByAlice();
    const own = await act(id, 'return-visit', ALICE, { satisfaction: 5, satisfied: true, contactName: '王经理' });
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/assignee cannot record the return visit/);
    const nameless = await act(id, 'return-visit', BOB, { satisfaction: 5, satisfied: true });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors).toEqual([expect.objectContaining({ path: 'contactName' })]);
    const closed = await ok(id, 'return-visit', MANAGER, { satisfaction: 5, satisfied: true, contactName: '王经理' });
    expect(closed).toMatchObject({ state: 'closed', outcome: 'satisfied', closedAt: expect.any(String), returnVisits: [expect.objectContaining({ contactName: '王经理', byRole: 'city_manager' })] });
    expect((await eventsOf(id, 'requests.request.closed')).find((e) => e.type.endsWith('closed'))!.data).toMatchObject({ outcome: 'satisfied', satisfied: true });
  });

  it('lets the enterprise withdraw, a manager only with a reason, and never a liaison', async () => {
    const id = await assignedToAlice();
    const byLiaison = await act(id, 'withdraw', ALICE, { reason: 'duplicate' });
    expect(byLiaison.status).toBe(403);
    expect((await act(id, 'withdraw', BOB, { reason: 'duplicate' })).status).toBe(403);
    const noReason = await act(id, 'withdraw', MANAGER);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect((await ok(id, 'withdraw', MANAGER, { reason: '企业来电撤回' })).state).toBe('withdrawn');
  });

  it('reopens a closed request on the enterprise complaint as cycle 2 for the same liaison; after 30 days it is a 409 in words', async () => {
    const id = await resolvedByAlice();
    await ok(id, 'return-visit', enterpriseUser(ent), { satisfaction: 4, satisfied: true });
    expect((await act(id, 'reopen', ALICE, { reason: 'x' })).status).toBe(403);
    // The same service a month and a day later: the clock is the app's dependency.
    const later = createApp({ ...svc.deps, now: () => new Date(Date.now() + 31 * 86400_000), logger: svc.logger, identitySecret: SECRET, readiness: {} });
    const { version } = await get(id);
    const late = await request(later).post(`/requests/${id}/reopen`).set(enterpriseUser(ent)).send({ version, reason: '压力表读数又漂移了' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'reopen_window_passed' });
    expect(late.body.detail).toMatch(/only within 30 days of closing/);
    const reopened = await ok(id, 'reopen', enterpriseUser(ent), { reason: '压力表读数又漂移了' });
    expect(reopened).toMatchObject({ state: 'assigned', cycle: 2, assigneeId: 'alice', respondedAt: null, solution: null, outcome: null, closedAt: null });
    const events = await eventsOf(id, 'requests.request.reopened');
    expect(events.find((e) => e.type.endsWith('reopened'))!.data).toMatchObject({ reason: 'complaint', satisfaction: null, comment: '压力表读数又漂移了', cycle: 2 });
    expect((await ok(id, 'respond', ALICE)).state).toBe('responded');
  });

  it('has no transfer of its own: assignment owns transfers', async () => {
    const id = await assignedToAlice();
    expect((await act(id, 'transfer', MANAGER, { toAssigneeId: 'bob', reason: 'leave' })).status).toBe(404);
  });
});

describe('benefit and commendations', () => {
  const putBenefit = async (id: string, who: Headers, body: Record<string, unknown>) => {
    const { version } = await get(id);
    return request(svc.app).put(`/requests/${id}/benefit`).set(who).send({ version, ...body });
  };
  /**
   * Brings a request to resolved as the manager: the shared servers' routing may assign it to
   * someone else meanwhile, and SLA clock events may move its version between a read and an action.
   */
  async function resolved(id: string) {
    const steps = [['assign', { assigneeId: 'alice' }], ['respond', {}], ['resolve', { text: 'calibrated the flow meters', solved: true, kind: 'lab_calibration' }]] as const;
    for (const [path, body] of steps) {
      for (let attempt = 0; ; attempt++) {
        if (path === 'assign' && (await get(id)).state !== 'filed') break;
        const res = await act(id, path, MANAGER, body);
        if (res.status === 200) break;
        if (res.body.code !== 'version_conflict' || attempt > 5) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  }

  /** A request the enterprise filed, brought to resolved. */
  async function resolvedRequest() {
    const r = await fileAs(svc, enterpriseUser(ent), filing({ title: uniq('flow meters') }));
    await resolved(r.id);
    return r.id as string;
  }

  it('records on a resolved request what it brought the enterprise, publishes it once and keeps it through the close', async () => {
    const filed = await fileAs(svc, enterpriseUser(ent), filing({ title: uniq('flow meters') }));
    const id = filed.id as string;
    expect((await putBenefit(id, ALICE, { text: '节约检测费用' })).status).toBe(409);
    await resolved(id);

    const first = await putBenefit(id, ALICE, { text: '  新产品通过型式评价，节约费用  ', amountYuan: 800000.456, banners: 1, letters: 2 });
    expect(first.status).toBe(200);
    expect(first.body.benefit).toMatchObject({ text: '新产品通过型式评价，节约费用', amountYuan: 800000.46, banners: 1, letters: 2, by: 'alice' });
    const version = first.body.version;
    // The same values again: nothing changes, nothing is published.
    const again = await putBenefit(id, ALICE, { text: '新产品通过型式评价，节约费用', amountYuan: 800000.46, banners: 1, letters: 2 });
    expect(again.body.version).toBe(version);
    // Another liaison of the city hears of a second banner later.
    const later = await putBenefit(id, BOB, { text: '新产品通过型式评价，节约费用', amountYuan: 800000.46, banners: 2, letters: 2 });
    expect(later.body).toMatchObject({ version: version + 1, benefit: { banners: 2, by: 'bob' } });

    const closed = await ok(id, 'return-visit', enterpriseUser(ent), { satisfaction: 5, satisfied: true });
    expect(closed.benefit).toMatchObject({ banners: 2, letters: 2, amountYuan: 800000.46 });
    const cleared = await putBenefit(id, MANAGER, { text: null, amountYuan: null, banners: 0, letters: 0 });
    expect(cleared.body.benefit).toMatchObject({ text: null, amountYuan: null, banners: 0, letters: 0 });

    // Up to the close (the tap may hold the cleared benefit already: it is checked below).
    const events = (await eventsOf(id, 'requests.request.closed')).filter((e) => e.type === 'requests.request.benefit-recorded' && e.data.hasBenefit === true);
    await tap.waitFor((m) => m.key === id && (m.value as EventEnvelope<{ banners: number; hasBenefit: boolean }>).data.hasBenefit === false, { timeoutMs: PATIENCE, what: 'the cleared benefit' });
    const all = tap.find((m) => m.key === id).map((m) => m.value as EventEnvelope<Record<string, unknown>>).filter((e) => e.type === 'requests.request.benefit-recorded');
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ hasBenefit: true, amountYuan: 800000.46, banners: 1, letters: 2, by: 'alice', version }),
      expect.objectContaining({ banners: 2, by: 'bob', version: version + 1 }),
    ]);
    expect(all.map((e) => e.data.hasBenefit)).toEqual([true, true, false]);
    expect(JSON.stringify(all)).not.toContain('型式评价');
  });

  it('refuses the enterprise, another city, a stale version and bad figures, naming the field', async () => {
    const id = await resolvedRequest();
    expect((await putBenefit(id, enterpriseUser(ent), { banners: 1 })).status).toBe(403);
    expect((await putBenefit(id, liaison('carol', DALIAN), { banners: 1 })).status).toBe(404);
    expect((await putBenefit(id, manager(DALIAN), { banners: 1 })).status).toBe(404);
    const { version } = await get(id);
    expect((await request(svc.app).put(`/requests/${id}/benefit`).set(ALICE).send({ version: version - 1, banners: 1 })).status).toBe(409);
    const bad = await putBenefit(id, ALICE, { banners: -1, amountYuan: 'a lot' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amountYuan', 'banners']);
    expect((await putBenefit(id, province, { letters: 3 })).body.benefit).toMatchObject({ letters: 3, banners: 0, text: null, amountYuan: null });
  });
});
