import fc from 'fast-check';
import { compileCalendar, isWorkingDay, localDate, startOfLocalDay, type WorkCalendar } from '../../src/domain/calendar';
import { countedBetween, instantAfterCounted, type Pause } from '../../src/domain/deadline';
import { loadCalendarFile, SHIPPED_CALENDAR } from '../../src/persistence/calendar-file';

const H = 3_600_000;
const D = 86_400_000;
const ZONE = 'Asia/Shanghai';
const weekendsOnly = compileCalendar({ zone: ZONE, weekendDays: [6, 7], holidays: [], workdays: [] });
const cn2026 = compileCalendar(loadCalendarFile(SHIPPED_CALENDAR));
const at = (s: string) => Date.parse(s);

// Instants in 2026, where the sample calendar has data.
const instant = fc.integer({ min: at('2026-01-01T00:00:00+08:00'), max: at('2026-12-01T00:00:00+08:00') });
const amount = fc.integer({ min: 1, max: 15 * D });
const pauseArb = fc.tuple(fc.integer({ min: -2 * D, max: 20 * D }), fc.integer({ min: 1, max: 5 * D })).map(([off, len]) => ({ off, len }));
const dayArb = fc.integer({ min: 0, max: 330 }).map((n) => new Date(at('2026-01-01T00:00:00Z') + n * D).toISOString().slice(0, 10));

const withDay = (cal: WorkCalendar, kind: 'holidays' | 'workdays', date: string): WorkCalendar => ({ ...cal, [kind]: new Set([...cal[kind], date]) });
const dayOverlap = (date: string, a: number, b: number) => Math.max(0, Math.min(b, startOfLocalDay(ZONE, date) + D) - Math.max(a, startOfLocalDay(ZONE, date)));

describe('deadline arithmetic', () => {
  it('a 24-hour response target is 24 calendar hours whatever the day', () => {
    const filed = at('2026-10-01T10:00:00+08:00'); // National Day holiday
    expect(instantAfterCounted(filed, 24 * H, 'calendar_hours', null)).toBe(filed + 24 * H);
  });

  it('counts working days on the 2026 sample calendar across a holiday and a make-up day', () => {
    // Filed Friday 2026-09-18 15:00: Sat 19 off, Sun 20 is a make-up working day (调休),
    // Mon 21 works; 9/25-27 Mid-Autumn; 10/1-7 National Day; 10/10 Saturday works.
    const filed = at('2026-09-18T15:00:00+08:00');
    expect(new Date(instantAfterCounted(filed, 1 * D, 'working_days', cn2026)!).toISOString()).toBe(new Date(at('2026-09-20T15:00:00+08:00')).toISOString());
    expect(new Date(instantAfterCounted(at('2026-09-30T09:00:00+08:00'), 1 * D, 'working_days', cn2026)!).toISOString()).toBe(
      new Date(at('2026-10-08T09:00:00+08:00')).toISOString(),
    );
    expect(isWorkingDay(cn2026, '2026-10-10')).toBe(true);
    expect(isWorkingDay(cn2026, '2026-02-17')).toBe(false);
  });

  it('knows the local date in the zone', () => {
    expect(localDate(ZONE, at('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(startOfLocalDay(ZONE, '2026-03-02')).toBe(at('2026-03-01T16:00:00Z'));
  });

  it('property: the deadline is where exactly the target has been counted', () => {
    fc.assert(
      fc.property(instant, amount, fc.array(pauseArb, { maxLength: 4 }), (start, target, ps) => {
        const pauses: Pause[] = ps.map((p) => ({ from: start + p.off, to: start + p.off + p.len }));
        const due = instantAfterCounted(start, target, 'working_days', cn2026, pauses)!;
        expect(countedBetween(start, due, 'working_days', cn2026, pauses)).toBe(target);
      }),
    );
  });

  it('property: a pause never makes a deadline earlier', () => {
    fc.assert(
      fc.property(instant, amount, fc.array(pauseArb, { maxLength: 3 }), pauseArb, fc.boolean(), (start, target, ps, extra, working) => {
        const basis = working ? 'working_days' : 'calendar_hours';
        const pauses: Pause[] = ps.map((p) => ({ from: start + p.off, to: start + p.off + p.len }));
        const before = instantAfterCounted(start, target, basis, cn2026, pauses)!;
        const after = instantAfterCounted(start, target, basis, cn2026, [...pauses, { from: start + extra.off, to: start + extra.off + extra.len }])!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('property: an open pause holds the deadline back until it ends', () => {
    fc.assert(
      fc.property(instant, amount, fc.integer({ min: 0, max: 10 * D }), (start, target, off) => {
        const due = instantAfterCounted(start, target, 'calendar_hours', null, [{ from: start + off, to: null }]);
        if (off >= target) expect(due).toBe(start + target);
        else expect(due).toBeNull();
      }),
    );
  });

  it('property: a make-up working day counts', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * D }), dayArb, (a, len, date) => {
        fc.pre(!isWorkingDay(weekendsOnly, date));
        const b = a + len;
        const plain = countedBetween(a, b, 'working_days', weekendsOnly);
        const withMakeUp = countedBetween(a, b, 'working_days', withDay(weekendsOnly, 'workdays', date));
        expect(withMakeUp - plain).toBe(dayOverlap(date, a, b));
      }),
    );
  });

  it("property: a holiday doesn't count", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * D }), dayArb, amount, (a, len, date, target) => {
        fc.pre(isWorkingDay(weekendsOnly, date));
        const b = a + len;
        const holiday = withDay(weekendsOnly, 'holidays', date);
        expect(countedBetween(a, b, 'working_days', weekendsOnly) - countedBetween(a, b, 'working_days', holiday)).toBe(dayOverlap(date, a, b));
        expect(instantAfterCounted(a, target, 'working_days', holiday)!).toBeGreaterThanOrEqual(instantAfterCounted(a, target, 'working_days', weekendsOnly)!);
      }),
    );
  });

  it('property: counted time never exceeds wall time and grows with the end', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * D }), fc.integer({ min: 0, max: 5 * D }), (a, len, more) => {
        const c1 = countedBetween(a, a + len, 'working_days', cn2026);
        const c2 = countedBetween(a, a + len + more, 'working_days', cn2026);
        expect(c1).toBeLessThanOrEqual(len);
        expect(c2).toBeGreaterThanOrEqual(c1);
      }),
    );
  });
});
