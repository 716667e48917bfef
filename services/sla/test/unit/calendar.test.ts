import { calendarSchema, compileCalendar, coveredYears, isWorkingDay, missingYears, withYear, yearNoticeProblems, yearNoticeSchema } from '../../src/domain/calendar';
import { instantAfterCounted } from '../../src/domain/deadline';
import { openClock } from '../../src/domain/clock';
import { loadCalendarFile, SHIPPED_CALENDAR } from '../../src/persistence/calendar-file';

const D = 86_400_000;
const at = (s: string) => Date.parse(s);
const shipped = loadCalendarFile(SHIPPED_CALENDAR);
const cn = compileCalendar(shipped);
const days = (list: { date: string }[], year: number) => list.filter((d) => d.date.startsWith(`${year}-`)).map((d) => d.date);
const span = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = at(`${from}T00:00:00Z`); t <= at(`${to}T00:00:00Z`); t += D) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('the shipped State Council calendars', () => {
  it('holds the 2025 notice (国办发明电〔2024〕12号) day by day', () => {
    expect(days(shipped.holidays, 2025)).toEqual([
      '2025-01-01',
      ...span('2025-01-28', '2025-02-04'),
      ...span('2025-04-04', '2025-04-06'),
      ...span('2025-05-01', '2025-05-05'),
      ...span('2025-05-31', '2025-06-02'),
      ...span('2025-10-01', '2025-10-08'),
    ]);
    expect(days(shipped.workdays, 2025)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('holds the 2026 notice (国办发明电〔2025〕7号) day by day', () => {
    expect(days(shipped.holidays, 2026)).toEqual([
      ...span('2026-01-01', '2026-01-03'),
      ...span('2026-02-15', '2026-02-23'),
      ...span('2026-04-04', '2026-04-06'),
      ...span('2026-05-01', '2026-05-05'),
      ...span('2026-06-19', '2026-06-21'),
      ...span('2026-09-25', '2026-09-27'),
      ...span('2026-10-01', '2026-10-07'),
    ]);
    expect(days(shipped.workdays, 2026)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('names every day in zh-CN with an English name beside it, and covers 2025 and 2026 only', () => {
    for (const d of [...shipped.holidays, ...shipped.workdays]) {
      expect(d.name).toMatch(/[\u4e00-\u9fff]/);
      expect(d.name).not.toMatch(/[A-Za-z]/);
      expect(d.nameEn).toMatch(/^[A-Za-z][A-Za-z '()-]+$/);
    }
    expect(coveredYears(shipped)).toEqual([2025, 2026]);
    expect(shipped.holidays.find((h) => h.date === '2025-10-01')).toEqual({ date: '2025-10-01', name: '国庆节、中秋节', nameEn: 'National Day and Mid-Autumn Festival' });
  });

  it('counts a 2025 Spring Festival deadline over the holiday and the make-up Saturday', () => {
    // Filed Monday 2025-01-27 10:00: 1/28-2/4 off, so one working day ends Wednesday 2/5 10:00.
    expect(new Date(instantAfterCounted(at('2025-01-27T10:00:00+08:00'), D, 'working_days', cn)!).toISOString()).toBe('2025-02-05T02:00:00.000Z');
    // Filed Friday 2025-02-07 15:00: Saturday 2/8 is a make-up working day.
    expect(new Date(instantAfterCounted(at('2025-02-07T15:00:00+08:00'), D, 'working_days', cn)!).toISOString()).toBe('2025-02-08T07:00:00.000Z');
    expect(isWorkingDay(cn, '2025-01-26')).toBe(true);
    expect(isWorkingDay(cn, '2025-10-08')).toBe(false);
  });
});

describe('year coverage', () => {
  it('names the years a count crossed that the calendar does not cover', () => {
    expect(missingYears(cn, at('2026-12-28T09:00:00+08:00'), at('2027-01-04T09:00:00+08:00'))).toEqual([2027]);
    expect(missingYears(cn, at('2026-12-01T09:00:00+08:00'), at('2026-12-08T09:00:00+08:00'))).toEqual([]);
    // 2026-12-31 16:30 UTC is already 2027 in Shanghai.
    expect(missingYears(cn, at('2026-12-31T16:30:00Z'), at('2026-12-31T17:00:00Z'))).toEqual([2027]);
  });

  it('flags a resolution clock whose deadline reaches 2027 and leaves a response clock alone', () => {
    const policy = { id: '*:normal', version: 1, responseHours: 24, resolutionWorkingDays: 5, returnVisitWorkingDays: 5, calendarId: 'cn', warnAt: [50], escalation: [] };
    const input = { requestId: 'r', cycle: 1, cityCode: '210100', enterpriseId: 'e', liaisonId: null, category: 'other', priority: 'normal', startedAt: new Date('2026-12-28T01:00:00Z'), eventVersion: 1, policy };
    const resolution = openClock({ ...input, kind: 'resolution' }, cn);
    expect(resolution.calendarMissing).toEqual([2027]);
    // The estimate: weekends only, so Mon 12/28 + 5 working days is Mon 2027-01-04 09:00.
    expect(resolution.deadline?.toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(openClock({ ...input, kind: 'response' }, null).calendarMissing).toEqual([]);
    expect(openClock({ ...input, kind: 'resolution', startedAt: new Date('2026-12-01T01:00:00Z') }, cn).calendarMissing).toEqual([]);
  });

  it('a year notice replaces that year only and marks it covered', () => {
    const notice = yearNoticeSchema.parse({ holidays: [{ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" }], workdays: [] });
    const next = withYear(shipped, 2027, notice);
    expect(coveredYears(next)).toEqual([2025, 2026, 2027]);
    expect(days(next.holidays, 2027)).toEqual(['2027-01-01']);
    expect(days(next.holidays, 2026)).toEqual(days(shipped.holidays, 2026));
    const again = withYear(next, 2027, yearNoticeSchema.parse({ holidays: [{ date: '2027-01-01' }, { date: '2027-02-06' }] }));
    expect(days(again.holidays, 2027)).toEqual(['2027-01-01', '2027-02-06']);
  });

  it('refuses a notice with a date of another year, a weekday make-up day or a date twice, naming the field', () => {
    const notice = yearNoticeSchema.parse({ holidays: [{ date: '2027-01-01' }, { date: '2026-12-31' }, { date: '2027-01-01' }], workdays: [{ date: '2027-01-04' }] });
    expect(yearNoticeProblems(2027, notice, [6, 7]).map((p) => p.path)).toEqual(['holidays.1.date', 'workdays.0.date', 'holidays.2.date']);
    const unreal = yearNoticeSchema.safeParse({ holidays: [{ date: '2027-01-01' }], workdays: [{ date: '2027-01-02' }, { date: '2027-02-30' }] });
    expect(unreal.error?.issues.map((i) => i.path.join('.'))).toEqual(['workdays.1.date']);
    expect(yearNoticeSchema.safeParse({ holidays: [] }).success).toBe(false);
  });

  it('a calendar without named years covers the years of its dates', () => {
    const cal = calendarSchema.parse({ id: 'x', name: 'x', holidays: [{ date: '2030-05-01' }] });
    expect(coveredYears(cal)).toEqual([2030]);
    expect(coveredYears({ ...cal, years: [2030, 2031] })).toEqual([2030, 2031]);
  });
});
