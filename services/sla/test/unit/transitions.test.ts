import fc from 'fast-check';
import { nextMark, openClock, pendingMarks, type Clock } from '../../src/domain/clock';
import { fireDue, pause, resume, stop } from '../../src/domain/transitions';
import { compileCalendar } from '../../src/domain/calendar';

const S = 1000;
const policy = { id: '*:normal', version: 1, responseHours: 10 / 3600, resolutionWorkingDays: 1, returnVisitWorkingDays: 5, calendarId: 'cn', warnAt: [50, 75], escalation: [{ level: 'city' as const, atPercent: 100 }, { level: 'province' as const, atPercent: 150 }] };
const t0 = new Date('2026-11-27T02:00:00Z');
const fresh = (): Clock =>
  openClock({ requestId: 'r1', cycle: 1, kind: 'response', cityCode: '210100', enterpriseId: 'e1', liaisonId: null, category: 'other', priority: 'normal', startedAt: t0, eventVersion: 1, policy }, null);
const after = (ms: number) => new Date(t0.getTime() + ms);

describe('clock transitions', () => {
  it('fires warnings, the breach and the escalations in order, each once', () => {
    let c = fresh();
    expect(c.deadline).toEqual(after(10 * S));
    const first = fireDue(c, after(8 * S), null);
    expect(first.happenings.map((h) => (h.type === 'mark' ? h.mark.key : h.type))).toEqual(['w50', 'w75']);
    c = first.clock;
    expect(fireDue(c, after(8 * S), null).happenings).toEqual([]);
    const second = fireDue(c, after(15 * S), null);
    expect(second.happenings.map((h) => (h.type === 'mark' ? h.mark.key : h.type))).toEqual(['breach', 'esc-city', 'esc-province']);
    expect(second.clock.breached).toBe(true);
    expect(second.clock.nextDueAt).toBeNull();
  });

  it('a pause moves the pending marks later by its length, and holds them while open', () => {
    const c = fresh();
    const paused = pause(c, after(2 * S), null).clock;
    expect(pendingMarks(paused, null)).toEqual([]);
    expect(paused.deadline).toBeNull();
    const resumed = resume(paused, after(7 * S), null).clock;
    expect(resumed.deadline).toEqual(after(15 * S));
    expect(pause(paused, after(3 * S), null).happenings).toEqual([]);
  });

  it('a stop after the deadline is a breach even if no timer fired, and stays breached', () => {
    const done = stop(fresh(), after(12 * S), 'met', null);
    expect(done.happenings.map((h) => h.type)).toEqual(['mark', 'met']);
    expect(done.clock).toMatchObject({ breached: true, withinTarget: false, outcome: 'met', nextDueAt: null });
    expect(stop(done.clock, after(13 * S), 'met', null).happenings).toEqual([]);
  });

  it('needs one timer at a time: the next unfired mark, none while paused or stopped', () => {
    const c = fresh();
    expect(nextMark(c, null)).toEqual({ mark: c.marks[0], dueAt: after(5 * S), jobId: 'r1|1|response|w50' });
    const warned = fireDue(c, after(5 * S), null).clock;
    expect(nextMark(warned, null)?.jobId).toBe('r1|1|response|w75');
    expect(warned.nextDueAt).toEqual(after(7.5 * S));
    // Marks due at the same instant share the timer of the first; firing it fires them all.
    const breached = fireDue(warned, after(10 * S), null).clock;
    expect(breached.fired).toEqual(['w50', 'w75', 'breach', 'esc-city']);
    expect(nextMark(breached, null)).toMatchObject({ jobId: 'r1|1|response|esc-province', dueAt: after(15 * S) });
    expect(nextMark(pause(warned, after(6 * S), null).clock, null)).toBeNull();
    expect(nextMark(stop(warned, after(6 * S), 'met', null).clock, null)).toBeNull();
  });

  it('property: whatever the order of fire attempts, every mark fires exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 * S }), { minLength: 1, maxLength: 12 }), (times) => {
        let c = fresh();
        const seen: string[] = [];
        for (const t of [...times, 20 * S]) {
          const r = fireDue(c, after(t), null);
          c = r.clock;
          for (const h of r.happenings) if (h.type === 'mark') seen.push(h.mark.key);
        }
        expect([...seen].sort()).toEqual(['breach', 'esc-city', 'esc-province', 'w50', 'w75'].sort());
        expect(c.breached).toBe(true);
      }),
    );
  });
});

describe('the return-visit clock', () => {
  const cal = compileCalendar({ zone: 'Asia/Shanghai', weekendDays: [], holidays: [], workdays: [], years: [2026, 2027] });
  const rv = () => openClock({ requestId: 'r1', cycle: 1, kind: 'return_visit', cityCode: '210100', enterpriseId: 'e1', liaisonId: null, category: 'other', priority: 'normal', startedAt: t0, eventVersion: 3, policy: { ...policy, returnVisitWorkingDays: 2 } }, cal);

  it('is due the policy working days after resolution, warns at 50 % and breaches at 100 %, never escalating', () => {
    const c = rv();
    expect(c).toMatchObject({ basis: 'working_days', targetMs: 2 * 86_400_000, calendarId: 'cn' });
    expect(c.marks.map((m) => m.key)).toEqual(['w50', 'breach']);
    expect(c.deadline).toEqual(after(2 * 86_400_000));
    const fired = fireDue(c, after(10 * 86_400_000), cal);
    expect(fired.happenings.map((h) => (h.type === 'mark' ? h.mark.key : h.type))).toEqual(['w50', 'breach']);
    expect(fired.clock.breached).toBe(true);
  });
});
