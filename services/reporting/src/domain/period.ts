import { ValidationError } from '@metrodesk/errors';

/**
 * Figures are kept per calendar day in the bureau's zone. Asia/Shanghai has had no daylight
 * saving since 1991, so a fixed +08:00 offset gives the same days as a tz database.
 */
export const ZONE_OFFSET_MS = 8 * 3600 * 1000;

export function dayOf(instant: string | Date): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(t + ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

export type Level = 'D' | 'M' | 'Q' | 'Y';

/** One pre-aggregated period: a day, a month, a quarter or a year. */
export interface AlignedPeriod {
  level: Level;
  /** e.g. D2025-03-04, M2025-03, Q2025-1, Y2025 */
  key: string;
  from: string;
  to: string;
}

export interface Range {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

export function dayPeriod(day: string): AlignedPeriod {
  return { level: 'D', key: `D${day}`, from: day, to: day };
}
export function monthPeriod(y: number, m: number): AlignedPeriod {
  return { level: 'M', key: `M${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}` };
}
export function quarterPeriod(y: number, q: number): AlignedPeriod {
  const last = q * 3;
  return { level: 'Q', key: `Q${y}-${q}`, from: `${y}-${pad(last - 2)}-01`, to: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}` };
}
export function yearPeriod(y: number): AlignedPeriod {
  return { level: 'Y', key: `Y${y}`, from: `${y}-01-01`, to: `${y}-12-31` };
}

/** The periods a day's figures roll up into, from the day itself to its year. */
export function periodsOfDay(day: string): AlignedPeriod[] {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return [dayPeriod(day), monthPeriod(y, m), quarterPeriod(y, Math.ceil(m / 3)), yearPeriod(y)];
}

/** The periods one level down that make up this one. */
export function childPeriods(p: AlignedPeriod): AlignedPeriod[] {
  const y = Number(p.from.slice(0, 4));
  if (p.level === 'Y') return [1, 2, 3, 4].map((q) => quarterPeriod(y, q));
  if (p.level === 'Q') {
    const first = Number(p.from.slice(5, 7));
    return [first, first + 1, first + 2].map((m) => monthPeriod(y, m));
  }
  if (p.level === 'M') {
    const out: AlignedPeriod[] = [];
    for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(dayPeriod(d));
    return out;
  }
  return [];
}

export function periodFromKey(key: string): AlignedPeriod {
  const level = key[0] as Level;
  const rest = key.slice(1);
  if (level === 'D') return dayPeriod(rest);
  if (level === 'M') return monthPeriod(Number(rest.slice(0, 4)), Number(rest.slice(5, 7)));
  if (level === 'Q') return quarterPeriod(Number(rest.slice(0, 4)), Number(rest.slice(5)));
  return yearPeriod(Number(rest));
}

/**
 * Covers a range with the fewest aligned periods (whole years, then quarters, months and
 * days at the edges), so any range sums a handful of pre-aggregated buckets.
 */
export function decompose(range: Range): AlignedPeriod[] {
  const out: AlignedPeriod[] = [];
  let d = range.from;
  while (d <= range.to) {
    const y = Number(d.slice(0, 4));
    const m = Number(d.slice(5, 7));
    const candidates = [yearPeriod(y), quarterPeriod(y, Math.ceil(m / 3)), monthPeriod(y, m)];
    const fit = candidates.find((p) => p.from === d && p.to <= range.to) ?? dayPeriod(d);
    out.push(fit);
    d = addDays(fit.to, 1);
  }
  return out;
}

/** The months a range touches, each clipped to the range (for the monthly series). */
export function monthsOf(range: Range): Range[] {
  const out: Range[] = [];
  let d = range.from;
  while (d <= range.to) {
    const m = monthPeriod(Number(d.slice(0, 4)), Number(d.slice(5, 7)));
    const to = m.to < range.to ? m.to : range.to;
    out.push({ from: d, to });
    d = addDays(to, 1);
  }
  return out;
}

export function alignedOf(range: Range): AlignedPeriod | null {
  const parts = decompose(range);
  return parts.length === 1 ? parts[0]! : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
export const MAX_RANGE_DAYS = 3660;

/**
 * Reads `period` (2025, 2025-Q1, 2025-03, 2025-03-04) or `from`/`to` (inclusive days) into a
 * range, with field-level errors for the caller.
 */
export function parsePeriod(q: { period?: string; from?: string; to?: string }): Range {
  const { from, to } = parseAnyPeriod(q);
  return { from, to };
}

function parseAnyPeriod(q: { period?: string; from?: string; to?: string }): Range {
  const bad = (path: string, message: string) => new ValidationError([{ path: `query.${path}`, message }]);
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) throw bad('period', 'give either period or from/to, not both');
    const p = q.period;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^(\d{4})$/))) return yearPeriod(Number(m[1]));
    if ((m = p.match(/^(\d{4})-Q([1-4])$/))) return quarterPeriod(Number(m[1]), Number(m[2]));
    if ((m = p.match(/^(\d{4})-(\d{2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
    if (validDate(p)) return dayPeriod(p);
    throw bad('period', 'must be a year (2025), a quarter (2025-Q1), a month (2025-03) or a day (2025-03-04)');
  }
  if (q.from === undefined || q.to === undefined) throw bad(q.from === undefined ? 'from' : 'to', 'give period, or both from and to');
  if (!validDate(q.from)) throw bad('from', 'must be a date YYYY-MM-DD');
  if (!validDate(q.to)) throw bad('to', 'must be a date YYYY-MM-DD');
  if (q.to < q.from) throw bad('to', 'must not be before from');
  if ((Date.parse(q.to) - Date.parse(q.from)) / 86400000 >= MAX_RANGE_DAYS) throw bad('to', `a range may span at most ${MAX_RANGE_DAYS} days`);
  return { from: q.from, to: q.to };
}
