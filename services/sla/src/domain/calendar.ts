import { z } from 'zod';
import { isoDate } from '@metrodesk/contracts';

const DAY_MS = 86_400_000;
/** `name` is the zh-CN name as the notice gives it; `nameEn` is shown in an English UI. */
export const namedDate = z.object({ date: isoDate, name: z.string().max(100).optional(), nameEn: z.string().max(100).optional() }).strict();
export type NamedDate = z.infer<typeof namedDate>;
const year = z.number().int().min(2000).max(2100);

/**
 * The documented calendar format (see README.md): weekends, public holidays and make-up
 * working days (调休) are data, so another province or year loads its own file.
 */
export const calendarSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().min(1).max(200),
    nameEn: z.string().max(200).optional(),
    zone: z.string().min(1).default('Asia/Shanghai'),
    /** ISO weekdays that are normally off: 1 = Monday ... 7 = Sunday. */
    weekendDays: z.array(z.number().int().min(1).max(7)).max(7).default([6, 7]),
    holidays: z.array(namedDate).default([]),
    /** Weekend days that are working days (调休). */
    workdays: z.array(namedDate).default([]),
    /**
     * Years whose official arrangement the calendar holds. Omitted: the years of its listed
     * dates. A deadline reaching another year is computed by the weekend rule and flagged.
     */
    years: z.array(year).max(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();

/** One year's notice, as an admin enters it from the State Council's publication. */
export const yearNoticeSchema = z
  .object({
    holidays: z.array(namedDate).min(1, 'a year has public holidays').max(60),
    workdays: z.array(namedDate).max(30).default([]),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type YearNotice = z.infer<typeof yearNoticeSchema>;

export type CalendarInput = z.input<typeof calendarSchema>;
export type Calendar = z.infer<typeof calendarSchema>;

/** What deadline arithmetic needs: fast look-ups, built once per calendar. */
export interface WorkCalendar {
  zone: string;
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** Years the calendar's arrangement is known for; other years count by the weekend rule only. */
  years: ReadonlySet<number>;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The years a calendar covers: those it names, else those of its listed dates. */
export function coveredYears(c: Pick<Calendar, 'holidays' | 'workdays' | 'years'>): number[] {
  const years = c.years ?? [...c.holidays, ...c.workdays].map((d) => yearOf(d.date));
  return [...new Set(years)].sort((a, b) => a - b);
}

export function compileCalendar(c: Pick<Calendar, 'zone' | 'weekendDays' | 'holidays' | 'workdays' | 'years'>): WorkCalendar {
  return {
    zone: c.zone,
    weekend: new Set(c.weekendDays),
    holidays: new Set(c.holidays.map((h) => h.date)),
    workdays: new Set(c.workdays.map((w) => w.date)),
    years: new Set(coveredYears(c)),
  };
}

/**
 * The years between two instants (local dates in the calendar's zone) the calendar does not
 * cover: the deadline in between was counted by the weekend rule alone, an estimate.
 */
export function missingYears(cal: WorkCalendar, from: number, to: number): number[] {
  const first = yearOf(localDate(cal.zone, from));
  const last = yearOf(localDate(cal.zone, Math.max(from, to)));
  const out: number[] = [];
  for (let y = first; y <= last; y++) if (!cal.years.has(y)) out.push(y);
  return out;
}

/**
 * Replaces one year's holidays and make-up days with a notice's and marks the year covered;
 * the other years stay as they were.
 */
export function withYear(c: Calendar, y: number, notice: YearNotice): Calendar {
  const other = (d: NamedDate) => yearOf(d.date) !== y;
  const byDate = (a: NamedDate, b: NamedDate) => a.date.localeCompare(b.date);
  return {
    ...c,
    holidays: [...c.holidays.filter(other), ...notice.holidays].sort(byDate),
    workdays: [...c.workdays.filter(other), ...notice.workdays].sort(byDate),
    years: [...new Set([...coveredYears(c), y])].sort((a, b) => a - b),
  };
}

/** Field problems of a year's notice: every date inside the year, make-up days on weekend days. */
export function yearNoticeProblems(y: number, notice: YearNotice, weekendDays: readonly number[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const check = (list: NamedDate[], field: 'holidays' | 'workdays') =>
    list.forEach((d, i) => {
      if (yearOf(d.date) !== y) problems.push({ path: `${field}.${i}.date`, message: `${d.date} is not in ${y}` });
    });
  check(notice.holidays, 'holidays');
  check(notice.workdays, 'workdays');
  notice.workdays.forEach((d, i) => {
    if (!weekendDays.includes(isoWeekday(d.date))) problems.push({ path: `workdays.${i}.date`, message: `${d.date} is a working day anyway; a make-up working day falls on a weekend day` });
  });
  const dup = (list: NamedDate[], field: string) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.date)) problems.push({ path: `${field}.${i}.date`, message: `${d.date} is listed twice` });
      seen.add(d.date);
    });
  };
  dup(notice.holidays, 'holidays');
  dup(notice.workdays, 'workdays');
  return problems;
}

/** Field problems a calendar has beyond its shape: a date both holiday and workday, an unknown zone. */
export function calendarProblems(c: Calendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!isKnownZone(c.zone)) problems.push({ path: 'zone', message: `unknown IANA time zone ${c.zone}` });
  const holidays = new Set(c.holidays.map((h) => h.date));
  c.workdays.forEach((w, i) => {
    if (holidays.has(w.date)) problems.push({ path: `workdays.${i}.date`, message: `${w.date} is also listed as a holiday` });
  });
  return problems;
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h, no DST). */
export function zoneOffsetMs(zone: string, instant: number): number {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(zone: string, instant: number): string {
  return new Date(instant + zoneOffsetMs(zone, instant)).toISOString().slice(0, 10);
}

const midnights = new Map<string, number>();
/** The UTC instant at which a local date starts in the zone. */
export function startOfLocalDay(zone: string, date: string): number {
  const key = `${zone}|${date}`;
  const hit = midnights.get(key);
  if (hit !== undefined) return hit;
  const naive = Date.parse(`${date}T00:00:00Z`);
  let guess = naive - zoneOffsetMs(zone, naive);
  // A second pass settles days on which the offset changes (DST zones).
  guess = naive - zoneOffsetMs(zone, guess);
  if (midnights.size > 50_000) midnights.clear();
  midnights.set(key, guess);
  return guess;
}

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A make-up working day counts even on a weekend; a holiday does not count even on a weekday. */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return !cal.weekend.has(isoWeekday(date));
}
