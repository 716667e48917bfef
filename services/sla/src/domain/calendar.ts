import { z } from 'zod';

const DAY_MS = 86_400_000;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const namedDate = z.object({ date: isoDate, name: z.string().max(100).optional() }).strict();

/**
 * The documented calendar format (see README.md): weekends, public holidays and make-up
 * working days (调休) are data, so another province or year loads its own file.
 */
export const calendarSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().min(1).max(200),
    zone: z.string().min(1).default('Asia/Shanghai'),
    /** ISO weekdays that are normally off: 1 = Monday ... 7 = Sunday. */
    weekendDays: z.array(z.number().int().min(1).max(7)).max(7).default([6, 7]),
    holidays: z.array(namedDate).default([]),
    /** Weekend days that are working days (调休). */
    workdays: z.array(namedDate).default([]),
    note: z.string().max(2000).optional(),
  })
  .strict();

export type CalendarInput = z.input<typeof calendarSchema>;
export type Calendar = z.infer<typeof calendarSchema>;

/** What deadline arithmetic needs: fast look-ups, built once per calendar. */
export interface WorkCalendar {
  zone: string;
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export function compileCalendar(c: Pick<Calendar, 'zone' | 'weekendDays' | 'holidays' | 'workdays'>): WorkCalendar {
  return {
    zone: c.zone,
    weekend: new Set(c.weekendDays),
    holidays: new Set(c.holidays.map((h) => h.date)),
    workdays: new Set(c.workdays.map((w) => w.date)),
  };
}

/** Field problems a calendar has beyond its shape: a date both holiday and workday, an unknown zone. */
export function calendarProblems(c: Calendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!isKnownZone(c.zone)) problems.push({ path: 'zone', message: `unknown IANA time zone ${c.zone}` });
  const holidays = new Set(c.holidays.map((h) => h.date));
  c.workdays.forEach((w, i) => {
    if (holidays.has(w.date)) problems.push({ path: `workdays.${i}.date`, message: `${w.date} is also listed as a holiday` });
  });
  [...c.holidays, ...c.workdays].forEach((d) => {
    if (Number.isNaN(Date.parse(`${d.date}T00:00:00Z`))) problems.push({ path: 'date', message: `${d.date} is not a real date` });
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
