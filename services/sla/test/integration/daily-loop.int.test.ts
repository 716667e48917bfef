import request from 'supertest';
import { waitFor, uniq } from '@metrodesk/testkit';
import { requestClosed, requestFiled, requestReopened, requestResolved, requestResponded, SLA_TOPIC } from '@metrodesk/contracts';
import type { TappedMessage } from '@metrodesk/testkit';
import { admin, env, fastPolicy, newRequest, provinceManager, requestEvent, send, shenyangLiaison, sleep, PATIENCE_MS, type RequestRef, serveSla } from '../fixtures/sla';

jest.setTimeout(240_000);

// Real time against the real servers: policies of a few seconds on an always-working calendar.
interface SlaEvent {
  id: string;
  type: string;
  data: { clock: string; cycle: number; threshold?: number; deadline: string; at: string; level?: string; withinTarget?: boolean };
}
const ev = (m: TappedMessage) => m.value as SlaEvent;
const filedData = (at: number) => ({ version: 1, at: new Date(at).toISOString(), title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' });

const config = env();
const run = serveSla(config, { tap: SLA_TOPIC });

// The outbox relay publishes at least once; an event republished keeps its id, so count ids.
const eventsOf = (requestId: string) => [...new Map(run.tap.find((m) => m.key === requestId).map((m) => [ev(m).id, ev(m)])).values()];
const waitEvent = (r: RequestRef, pred: (e: SlaEvent) => boolean, what: string) => run.tap.waitFor((m) => m.key === r.requestId && pred(ev(m)), { what });
const clocksOf = (r: RequestRef) => request(run.svc.app).get(`/requests/${r.requestId}/clocks`).set(admin);

describe('escalation follows the policy, per cycle', () => {
  it('alerts the city manager at 100 % and the province at 150 % of the response target, once each, in every cycle, and times the redo response', async () => {
    // Response target 4 s: city at 4 s, province at 6 s after each cycle starts.
    await fastPolicy(run.svc.app, 'emergency_verification', 'emergency', 4, 3600);
    const r = newRequest({ category: 'emergency_verification', priority: 'emergency' });
    const t1 = Date.now();
    await send(requestEvent(requestFiled, r, filedData(t1)));
    await waitEvent(r, (e) => e.type === 'sla.clock.escalated' && e.data.level === 'province' && e.data.cycle === 1, 'province escalation of cycle 1');

    await send(requestEvent(requestResolved, r, { version: 2, solved: true, solutionKind: 'other', by: 'l' }));
    await waitEvent(r, (e) => e.type === 'sla.clock.started' && e.data.clock === 'return_visit', 'the return-visit clock');
    const t2 = Date.now();
    await send(requestEvent(requestReopened, r, { version: 3, cycle: 2, satisfaction: 1, at: new Date(t2).toISOString() }));
    await waitEvent(r, (e) => e.type === 'sla.clock.escalated' && e.data.level === 'province' && e.data.cycle === 2, 'province escalation of cycle 2');
    await send(requestEvent(requestResponded, r, { version: 4, cycle: 2, by: 'l' }));
    const met = await waitEvent(r, (e) => e.type === 'sla.clock.met' && e.data.clock === 'response' && e.data.cycle === 2, 'the redo response');
    await sleep(1000);

    const all = eventsOf(r.requestId);
    const escalations = all.filter((e) => e.type === 'sla.clock.escalated');
    for (const [cycle, start] of [
      [1, t1],
      [2, t2],
    ] as const) {
      const mine = escalations.filter((e) => e.data.cycle === cycle);
      expect(mine.map((e) => [e.data.clock, e.data.level, e.data.threshold])).toEqual([
        ['response', 'city', 100],
        ['response', 'province', 150],
      ]);
      expect(Date.parse(mine[0]!.data.at)).toBeGreaterThanOrEqual(start + 4000);
      expect(Date.parse(mine[1]!.data.at)).toBeGreaterThanOrEqual(start + 6000);
      expect(mine[0]!.data.deadline).toBe(new Date(start + 4000).toISOString());
    }
    // The redo's response was late against its own 4-second target.
    expect(ev(met[0]!).data).toMatchObject({ clock: 'response', cycle: 2, withinTarget: false });
    expect(all.filter((e) => e.type === 'sla.clock.escalated' && e.data.clock !== 'response')).toEqual([]);
    const view = (await clocksOf(r)).body;
    expect(view.cycles[1].response).toMatchObject({ cycle: 2, outcome: 'met', breached: true });
    expect(view.cycles[1].response.firings.map((f: { mark: string }) => f.mark)).toEqual(['w50', 'w75', 'breach', 'esc-city', 'esc-province']);
  });

  it('times a redo response on time after a reopen, with both clocks of the new cycle', async () => {
    await fastPolicy(run.svc.app, 'emergency_verification', 'emergency', 4, 3600);
    const r = newRequest({ category: 'emergency_verification', priority: 'emergency' });
    await send(
      requestEvent(requestFiled, r, filedData(Date.now())),
      requestEvent(requestResponded, r, { version: 2, by: 'l' }),
      requestEvent(requestResolved, r, { version: 3, solved: true, solutionKind: 'other', by: 'l' }),
      requestEvent(requestClosed, r, { version: 4, satisfaction: 5, satisfied: true }),
    );
    await waitEvent(r, (e) => e.type === 'sla.clock.met' && e.data.clock === 'return_visit', 'the return visit met by the close');
    // An enterprise reopens the closed request (a complaint): a new cycle, answered at once.
    await send(requestEvent(requestReopened, r, { version: 5, cycle: 2, satisfaction: 1 }), requestEvent(requestResponded, r, { version: 6, cycle: 2, by: 'l' }));
    const met = await waitEvent(r, (e) => e.type === 'sla.clock.met' && e.data.clock === 'response' && e.data.cycle === 2, 'the redo response');
    expect(ev(met[0]!).data.withinTarget).toBe(true);
    const view = await waitFor(async () => {
      const v = (await clocksOf(r)).body;
      return v.cycles?.[1]?.resolution ? v : undefined;
    }, { what: 'cycle 2', timeoutMs: PATIENCE_MS });
    expect(view.cycles[1]).toMatchObject({ cycle: 2, response: { outcome: 'met', withinTarget: true }, resolution: { outcome: null }, returnVisit: null });
  });
});

describe('the return-visit clock', () => {
  it('starts at resolution, warns at 50 %, breaches at the policy deadline without escalating; a close before it stops it', async () => {
    // 6 seconds of working time for the return visit.
    await fastPolicy(run.svc.app, 'training_request', 'normal', 3600, 3600, { returnVisitWorkingDays: 6 / 86400 });
    const late = newRequest({ category: 'training_request', priority: 'normal' });
    const answered = newRequest({ category: 'training_request', priority: 'normal' });
    for (const r of [late, answered]) await send(requestEvent(requestFiled, r, filedData(Date.now())));
    const t0 = Date.now();
    for (const r of [late, answered]) await send(requestEvent(requestResolved, r, { version: 2, at: new Date(t0).toISOString(), solved: true, solutionKind: 'other', by: 'l' }));
    await send(requestEvent(requestClosed, answered, { version: 3, satisfaction: 4, satisfied: true }));
    const breach = await waitEvent(late, (e) => e.type === 'sla.clock.breached' && e.data.clock === 'return_visit', 'the return-visit breach');
    await waitEvent(answered, (e) => e.type === 'sla.clock.met' && e.data.clock === 'return_visit', 'the return visit met by the close');
    await sleep(1000);

    const mine = eventsOf(late.requestId).filter((e) => e.data.clock === 'return_visit');
    expect(mine.map((e) => [e.type, e.data.threshold ?? null])).toEqual([
      ['sla.clock.started', null],
      ['sla.clock.warning', 50],
      ['sla.clock.breached', null],
    ]);
    expect(ev(breach[0]!).data).toMatchObject({ cycle: 1, deadline: new Date(t0 + 6000).toISOString() });
    expect(Date.parse(mine[1]!.data.at)).toBeGreaterThanOrEqual(t0 + 3000);
    const view = (await clocksOf(late)).body;
    expect(view.cycles[0].returnVisit).toMatchObject({ kind: 'return_visit', basis: 'working_days', breached: true, outcome: null, calendarMissing: [] });

    const other = eventsOf(answered.requestId).filter((e) => e.data.clock === 'return_visit');
    expect(other.map((e) => e.type)).toEqual(['sla.clock.started', 'sla.clock.met']);
    expect(other[1]!.data.withinTarget).toBe(true);
  });

  it('validates the policy field', async () => {
    const bad = await request(run.svc.app).put('/policies/training_request/normal').set(admin).send({ responseHours: 1, resolutionWorkingDays: 1, returnVisitWorkingDays: 0, expectedVersion: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['returnVisitWorkingDays']);
    const defaults = await request(run.svc.app).get('/policies/*/normal').set(admin);
    expect(defaults.body.items.at(-1).returnVisitWorkingDays).toBe(5);
  });
});

describe('official calendars and missing years', () => {
  const year = new Date().getUTCFullYear();

  it('flags a deadline on a year the calendar lacks (clock field, metric, banner field), and loading the year through the form clears it', async () => {
    const id = `gap-${uniq('c').slice(-10).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
    // A calendar that knows last year only.
    const saved = await request(run.svc.app)
      .put(`/calendars/${id}`)
      .set(admin)
      .send({ id, name: '测试日历', weekendDays: [], years: [year - 1], holidays: [{ date: `${year - 1}-01-01`, name: '元旦', nameEn: "New Year's Day" }] });
    expect(saved.status).toBe(200);
    expect(saved.body.missingYears).toEqual(expect.arrayContaining([year]));
    await fastPolicy(run.svc.app, 'training_request', 'urgent', 3600, 3600, { calendarId: id });
    const r = newRequest({ category: 'training_request', priority: 'urgent' });
    await send(requestEvent(requestFiled, r, filedData(Date.now())));
    const flagged = await waitFor(async () => {
      const v = (await clocksOf(r)).body;
      return v.cycles?.[0]?.resolution ? v : undefined;
    }, { what: 'the clocks', timeoutMs: PATIENCE_MS });
    expect(flagged.cycles[0].resolution.calendarMissing).toEqual([year]);
    expect(flagged.cycles[0].response.calendarMissing).toEqual([]);
    const metrics = await request(run.svc.app).get('/metrics');
    expect(metrics.text).toMatch(new RegExp(`sla_calendar_missing_total\\{calendar="${id}",year="${year}"[^}]*\\} [1-9]`));

    const form = { holidays: [{ date: `${year}-12-31`, name: '测试假日', nameEn: 'Test holiday' }], workdays: [], note: '测试通知' };
    expect((await request(run.svc.app).put(`/calendars/${id}/years/${year}`).set(shenyangLiaison).send(form)).status).toBe(403);
    const badForm = await request(run.svc.app)
      .put(`/calendars/${id}/years/${year}`)
      .set(admin)
      .send({ holidays: [{ date: `${year + 1}-01-01` }] });
    expect(badForm.status).toBe(400);
    expect(badForm.body.errors.map((e: { path: string }) => e.path)).toEqual(['holidays.0.date']);
    const loaded = await request(run.svc.app).put(`/calendars/${id}/years/${year}`).set(provinceManager).send(form);
    expect(loaded.status).toBe(200);
    expect(loaded.body.years).toEqual([year - 1, year]);
    expect(loaded.body.holidays.map((h: { date: string }) => h.date)).toEqual([`${year - 1}-01-01`, `${year}-12-31`]);
    // The running clock was counted again on the loaded year.
    expect((await clocksOf(r)).body.cycles[0].resolution.calendarMissing).toEqual([]);
    const list = await request(run.svc.app).get('/calendars').set(shenyangLiaison);
    expect(list.body.items.find((c: { id: string }) => c.id === id).missingYears).not.toContain(year);
    expect((await request(run.svc.app).put(`/calendars/no-such-${id}/years/${year}`).set(admin).send(form)).status).toBe(404);
  });
});
