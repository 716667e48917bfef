import request from 'supertest';
import { waitFor, uniq } from '@metrodesk/testkit';
import {
  requestFiled,
  requestPaused,
  requestResolved,
  requestReopened,
  requestResponded,
  requestExtensionDecided,
  requestWithdrawn,
  assignmentAssigned,
  ASSIGNMENT_TOPIC,
  REQUEST_TOPIC,
  SLA_TOPIC,
  SLA_POLICY_TOPIC,
} from '@metrodesk/contracts';
import { eventFor } from '@metrodesk/events';
import type { TappedMessage } from '@metrodesk/testkit';
import { ALWAYS, admin, as, dalianLiaison, env, fastPolicy, newRequest, provinceManager, requestEvent, send, shenyangLiaison, shenyangManager, sleep, PatientTap, PATIENCE_MS, type RequestRef, topic, world, serveSla } from '../fixtures/sla';

jest.setTimeout(240_000);

const filedData = (at = new Date()) => ({ version: 1, at: at.toISOString(), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' });
const typeOf = (m: TappedMessage) => (m.value as { type: string }).type;
// The outbox relay publishes at least once; a republished event keeps its id, so count ids.
const distinct = (ms: TappedMessage[]) => new Set(ms.map((m) => (m.value as { id: string }).id)).size;

const config = env();
const run = serveSla(config, { tap: SLA_TOPIC, dlq: `${REQUEST_TOPIC}.dlq` });

async function clocksOf(r: RequestRef, who = admin) {
  return request(run.svc.app).get(`/requests/${r.requestId}/clocks`).set(who);
}
async function filed(r: RequestRef) {
  await send(requestEvent(requestFiled, r, filedData()));
  await waitFor(async () => (await clocksOf(r)).body.cycles?.[0]?.resolution, { what: 'clocks of the filed request', timeoutMs: PATIENCE_MS });
}

describe('request events drive the clocks', () => {
  it('ignores a duplicate message and a redelivered event with a new id, and dead-letters poison', async () => {
    const r = newRequest({ priority: 'normal' });
    const event = requestEvent(requestFiled, r, filedData());
    const poisonKey = uniq('poison');
    await world.produce(REQUEST_TOPIC, [
      { key: r.requestId, value: JSON.stringify(event) },
      { key: r.requestId, value: JSON.stringify(event) },
      // Same request, same version, new envelope id: only the handler's own guard can stop it.
      { key: r.requestId, value: JSON.stringify(requestEvent(requestFiled, r, filedData(new Date(event.data.at)))) },
      { key: poisonKey, value: '{"id":"nope"' },
      { key: poisonKey, value: JSON.stringify({ ...requestEvent(requestPaused, r, { version: 2 }), data: { requestId: r.requestId } }) },
    ]);
    await run.dlq.waitFor((m) => m.key === poisonKey, { count: 2 });
    const after = newRequest({ priority: 'normal' });
    await filed(after);
    await run.tap.waitFor((m) => m.key === r.requestId && typeOf(m) === 'sla.clock.started', { count: 2 });
    const paused = requestEvent(requestPaused, r, { version: 2 });
    await send(paused, paused, requestEvent(requestPaused, r, { version: 2 }));
    await run.tap.waitFor((m) => m.key === r.requestId && typeOf(m) === 'sla.clock.paused');
    await sleep(1500);
    expect(distinct(run.tap.find((m) => m.key === r.requestId && typeOf(m) === 'sla.clock.started'))).toBe(2);
    expect(distinct(run.tap.find((m) => m.key === r.requestId && typeOf(m) === 'sla.clock.paused'))).toBe(1);
    const view = (await clocksOf(r)).body;
    expect(view.cycles).toHaveLength(1);
    expect(view.cycles[0].resolution.pauses).toHaveLength(1);
    expect(run.svc.runtime.consumers[0]!.stats.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('stops the response clock at first response, keeps past cycles after a redo, and counts an extension once', async () => {
    const r = newRequest({ priority: 'normal', category: 'energy_metrology' });
    await filed(r);
    const before = (await clocksOf(r)).body.cycles[0];
    expect(before.response).toMatchObject({ basis: 'calendar_hours', target: '24 calendar hours', paused: false, breached: false, outcome: null, status: 'ok' });
    expect(before.resolution).toMatchObject({ basis: 'working_days', target: '5 working days', policyId: '*:normal' });

    const ext = requestEvent(requestExtensionDecided, r, { version: 2, extensionId: 'x1', approved: true, workingDays: 2, by: 'm' });
    await send(requestEvent(requestResponded, r, { version: 2, by: 'l' }), ext);
    await send(ext, requestEvent(requestExtensionDecided, r, { version: 2, extensionId: 'x1', approved: true, workingDays: 2, by: 'm' }));
    await waitFor(async () => (await clocksOf(r)).body.cycles[0].resolution.target === '7 working days', { what: 'the extension', timeoutMs: PATIENCE_MS });
    await send(requestEvent(requestResolved, r, { version: 4, solved: false, solutionKind: 'other', by: 'l' }));
    await send(requestEvent(requestReopened, r, { version: 5, cycle: 2, satisfaction: 2 }));
    const view = await waitFor(async () => {
      const v = (await clocksOf(r)).body;
      return v.cycles?.[1]?.resolution && v.cycles[0].returnVisit?.outcome ? v : undefined;
    }, { what: 'cycle 2', timeoutMs: PATIENCE_MS });
    expect(view.currentCycle).toBe(2);
    expect(view.cycles[0].response).toMatchObject({ outcome: 'met', withinTarget: true });
    expect(view.cycles[0].resolution).toMatchObject({ outcome: 'met', withinTarget: true, target: '7 working days' });
    // The redo is timed like the first cycle: a new response clock and a new resolution clock.
    expect(view.cycles[1]).toMatchObject({ cycle: 2, response: { outcome: null, cycle: 2, target: '24 calendar hours' }, resolution: { outcome: null, cycle: 2 } });
    // The unsatisfied return visit ended cycle 1's wait for it.
    expect(view.cycles[0].returnVisit).toMatchObject({ kind: 'return_visit', target: '5 working days', outcome: 'met' });
    const isMet = (m: TappedMessage) => m.key === r.requestId && typeOf(m) === 'sla.clock.met';
    await waitFor(() => distinct(run.tap.find(isMet)) === 3, { what: 'the three met events of cycle 1', timeoutMs: PATIENCE_MS });
    expect(run.tap.find(isMet).map((m) => (m.value as { data: { clock: string; withinTarget: boolean } }).data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clock: 'response', withinTarget: true, cycle: 1 }),
        expect.objectContaining({ clock: 'resolution', withinTarget: true, cycle: 1 }),
        expect.objectContaining({ clock: 'return_visit', withinTarget: true, cycle: 1 }),
      ]),
    );
  });
});

describe('API', () => {
  it('keeps a city role to its own city and enterprises to their own requests', async () => {
    const r = newRequest({ priority: 'urgent' });
    await filed(r);
    expect((await clocksOf(r, shenyangLiaison)).status).toBe(200);
    expect((await clocksOf(r, dalianLiaison)).status).toBe(404);
    expect((await clocksOf(r, as({ userId: 'e', role: 'enterprise', enterpriseId: 'someone-else' }))).status).toBe(404);
    expect((await clocksOf(r, as({ userId: 'e', role: 'enterprise', enterpriseId: r.enterpriseId }))).status).toBe(200);
    expect((await request(run.svc.app).get(`/requests/${r.requestId}/clocks`)).status).toBe(401);
    expect((await request(run.svc.app).get('/clocks/at-risk?cityCode=210100').set(dalianLiaison)).status).toBe(403);
    expect((await request(run.svc.app).get('/clocks/at-risk').set(as({ userId: 'e', role: 'enterprise', enterpriseId: r.enterpriseId }))).status).toBe(403);
    expect((await request(run.svc.app).post(`/requests/${r.requestId}/clocks/reapply`).set(shenyangLiaison)).status).toBe(403);
    expect((await request(run.svc.app).post(`/requests/${r.requestId}/clocks/reapply`).set(as({ userId: 'cm', role: 'city_manager', cityCode: '210200' }))).status).toBe(404);
    expect((await request(run.svc.app).put('/policies/*/urgent').set(shenyangManager).send({ responseHours: 1, resolutionWorkingDays: 1, expectedVersion: 1 })).status).toBe(403);
    expect((await request(run.svc.app).put('/calendars/cn').set(shenyangManager).send({ id: 'cn', name: 'x' })).status).toBe(403);
  });

  it('versions policies, refuses a stale save, and re-applies the new version only when a manager asks', async () => {
    const category = 'test_solution';
    const saved = await fastPolicy(run.svc.app, category, 'urgent', 3600, 86400);
    const stale = await request(run.svc.app).put(`/policies/${category}/urgent`).set(provinceManager).send({ responseHours: 2, resolutionWorkingDays: 2, expectedVersion: saved.version - 1 });
    expect(stale.status).toBe(409);
    const bad = await request(run.svc.app).put(`/policies/${category}/urgent`).set(admin).send({ responseHours: -1, resolutionWorkingDays: 2, warnAt: [50, 120], expectedVersion: saved.version });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['responseHours', 'warnAt.1']);

    const r = newRequest({ category, priority: 'urgent' });
    await filed(r);
    const v2 = await request(run.svc.app).put(`/policies/${category}/urgent`).set(provinceManager).send({ responseHours: 2, resolutionWorkingDays: 2, calendarId: 'always-test', expectedVersion: saved.version });
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(saved.version + 1);
    const history = await request(run.svc.app).get(`/policies/${category}/urgent`).set(shenyangLiaison);
    expect(history.body.items.map((p: { version: number }) => p.version).slice(-2)).toEqual([saved.version, saved.version + 1]);

    expect((await clocksOf(r)).body.cycles[0].response).toMatchObject({ policyVersion: saved.version, target: '1 calendar hours' });
    const re = await request(run.svc.app).post(`/requests/${r.requestId}/clocks/reapply`).set(shenyangManager);
    expect(re.status).toBe(200);
    expect(re.body.cycles[0].response).toMatchObject({ policyVersion: saved.version + 1, target: '2 calendar hours' });
    expect(re.body.cycles[0].resolution).toMatchObject({ policyVersion: saved.version + 1, target: '2 working days' });
  });

  it('publishes who changed a policy or a calendar, and from what to what, on sla.policy.v1', async () => {
    const changes = await new PatientTap([topic(SLA_POLICY_TOPIC)]).start();
    try {
      const zhao = as({ userId: uniq('pm-zhao'), role: 'province_manager', name: '赵敏' });
      const category = 'product_development';
      const before = await fastPolicy(run.svc.app, category, 'normal', 7200, 86400);
      const saved = await request(run.svc.app).put(`/policies/${category}/normal`).set(zhao).send({ responseHours: 4, resolutionWorkingDays: 3, calendarId: ALWAYS.id, expectedVersion: before.version });
      expect(saved.status).toBe(200);
      const [policy] = await changes.waitFor((m) => m.key === `${category}:normal` && (m.value as { data: { version: number } }).data.version === saved.body.version);
      expect(policy!.value).toMatchObject({
        type: 'sla.policy.saved',
        actorid: expect.stringMatching(/^pm-zhao/),
        actorrole: 'province_manager',
        actorname: '赵敏',
        data: { policyId: `${category}:normal`, version: before.version + 1, responseHours: 4, resolutionWorkingDays: 3, previous: { responseHours: 2, resolutionWorkingDays: 1 } },
      });
      const id = `t-${Date.now().toString(36)}`;
      expect((await request(run.svc.app).put(`/calendars/${id}`).set(zhao).send({ id, name: '测试日历', holidays: [{ date: '2026-12-31' }] })).status).toBe(200);
      const year = await request(run.svc.app).put(`/calendars/${id}/years/2027`).set(admin).send({ holidays: [{ date: '2027-01-01', name: '元旦' }] });
      expect(year.status).toBe(200);
      const cal = await changes.waitFor((m) => m.key === id, { count: 2 });
      const values = cal.map((m) => m.value as { type: string; actorname?: string; actorrole: string; data: { version: number; year: number | null; holidays: number } });
      expect(values.find((v) => v.data.version === 1)).toMatchObject({ type: 'sla.calendar.saved', actorname: '赵敏', data: { year: null, holidays: 1, days: { weekendDays: [6, 7], holidays: ['2026-12-31'], workdays: [] } } });
      expect(values.find((v) => v.data.version === 2)).toMatchObject({ actorrole: 'admin', data: { year: 2027, holidays: 2 } });
    } finally {
      await changes.stop();
    }
  });

  it('loads a calendar through the API and rejects a contradictory one', async () => {
    const id = `t-${Date.now().toString(36)}`;
    const ok = await request(run.svc.app)
      .put(`/calendars/${id}`)
      .set(admin)
      .send({ id, name: 'test', holidays: [{ date: '2026-12-31', name: 'x' }], workdays: [{ date: '2026-12-27' }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, zone: 'Asia/Shanghai', weekendDays: [6, 7], version: 1 });
    const bad = await request(run.svc.app)
      .put(`/calendars/${id}`)
      .set(admin)
      .send({ id, name: 'test', zone: 'Mars/Olympus', holidays: [{ date: '2026-12-31' }], workdays: [{ date: '2026-12-31' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['workdays.0.date', 'zone']);
    const sample = await request(run.svc.app).get('/calendars/cn').set(shenyangLiaison);
    expect(sample.status).toBe(200);
    expect(sample.body.years).toEqual(expect.arrayContaining([2025, 2026]));
    expect(sample.body.workdays.map((w: { date: string }) => w.date)).toEqual(expect.arrayContaining(['2025-01-26', '2026-02-14']));
  });

  it('lists requests at risk and breached per city and liaison, and reports compliance', async () => {
    await fastPolicy(run.svc.app, 'emergency_verification', 'urgent', 1, 3600, { escalation: [] });
    await fastPolicy(run.svc.app, 'emergency_verification', 'normal', 3600, 3600, { escalation: [] });
    const liaison = uniq('liaison');
    const late = newRequest({ category: 'emergency_verification', priority: 'urgent' });
    const onTime = newRequest({ category: 'emergency_verification', priority: 'normal' });
    const from = new Date(Date.now() - 1000).toISOString();
    await filed(late);
    await filed(onTime);
    await world.produce(ASSIGNMENT_TOPIC, [
      { key: late.requestId, value: JSON.stringify(eventFor(assignmentAssigned, { subject: late.requestId, source: 'assignment', data: { requestId: late.requestId, cityCode: '210100', at: new Date().toISOString(), assignmentId: 'a1', assigneeId: liaison, how: 'auto', by: 'system' } }).event) },
    ]);
    await send(requestEvent(requestResponded, onTime, { version: 2, by: 'l' }));
    await run.tap.waitFor((m) => m.key === late.requestId && typeOf(m) === 'sla.clock.breached');

    const risk = await waitFor(async () => {
      const res = await request(run.svc.app).get(`/clocks/at-risk?liaisonId=${liaison}`).set(shenyangManager);
      return res.body.items?.length ? res : undefined;
    }, { what: 'the breached clock under its liaison', timeoutMs: PATIENCE_MS });
    expect(risk.body.items.map((c: { requestId: string; kind: string; status: string }) => [c.requestId, c.kind, c.status])).toEqual([[late.requestId, 'response', 'breached']]);
    expect(risk.body.byLiaison).toEqual([{ liaisonId: liaison, cityCode: '210100', atRisk: 0, breached: 1 }]);
    const dalian = await request(run.svc.app).get('/clocks/at-risk').set(dalianLiaison);
    expect(dalian.status).toBe(200);
    expect(dalian.body.items.every((c: { cityCode: string }) => c.cityCode === '210200')).toBe(true);

    await send(requestEvent(requestWithdrawn, late, { version: 2 }));
    await waitFor(async () => (await clocksOf(late)).body.cycles[0].resolution.outcome === 'cancelled', { what: 'withdrawal', timeoutMs: PATIENCE_MS });
    const to = new Date(Date.now() + 1000).toISOString();
    const comp = await request(run.svc.app).get(`/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&liaisonId=${liaison}`).set(provinceManager);
    expect(comp.status).toBe(200);
    // The late request's response breached (decided, not within target); its resolution was withdrawn.
    expect(comp.body.response).toEqual({ decided: 1, withinTarget: 0, pending: 0, rate: 0 });
    expect(comp.body.resolution).toEqual({ decided: 0, withinTarget: 0, pending: 0, rate: null });
    const all = await request(run.svc.app).get(`/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).set(shenyangManager);
    expect(all.body.response.withinTarget).toBeGreaterThanOrEqual(1);
    expect(all.body.cityCode).toBe('210100');
    expect((await request(run.svc.app).get(`/compliance?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`).set(admin)).status).toBe(400);
    expect((await request(run.svc.app).get(`/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&cityCode=210200`).set(shenyangManager)).status).toBe(403);
  });
});
