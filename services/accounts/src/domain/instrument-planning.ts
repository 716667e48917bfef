import { INSTRUMENT_CLASSES, type InstrumentClass } from './instrument';

/** How long one instrument of a class takes a verifier on site, and how many minutes make a verifier-day. */
export interface PlanningSettings {
  minutesByClass: Record<InstrumentClass, number>;
  verifierDayMinutes: number;
}

export const DEFAULT_MINUTES_BY_CLASS: Record<InstrumentClass, number> = { pressure_gauge: 20, gas_alarm: 30, flow_meter: 90, electricity_meter: 40 };

export interface MonthSpan {
  /** YYYY-MM */
  month: string;
  first: string;
  last: string;
}

/** `count` calendar months from `month` (YYYY-MM), each with its first and last day. */
export function monthSpans(month: string, count: number): MonthSpan[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, k) => {
    const total = y * 12 + (m - 1) + k;
    const yy = Math.floor(total / 12);
    const mm = (total % 12) + 1;
    const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    const ym = `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
    return { month: ym, first: `${ym}-01`, last: `${ym}-${String(last).padStart(2, '0')}` };
  });
}

/** Verifier-days for a number of instruments of a class, to one decimal, never rounded down to none. */
export function verifierDays(s: PlanningSettings, cls: InstrumentClass, instruments: number): number {
  const days = (instruments * s.minutesByClass[cls]) / s.verifierDayMinutes;
  return instruments === 0 ? 0 : Math.max(0.1, Math.ceil(days * 10) / 10);
}

export interface PlanClassLoad {
  instrumentClass: InstrumentClass;
  instruments: number;
  verifierDays: number;
  /** Distinct verifiers of the city whose file covers the class through the month; null when not known. */
  qualifiedVerifiers: number | null;
}

export interface PlanCell {
  cityCode: string;
  month: string;
  instruments: number;
  verifierDays: number;
  classes: PlanClassLoad[];
}

/** Builds the cells from counts per city, month and class; classes in their fixed order. */
export function planCells(
  s: PlanningSettings,
  counts: { cityCode: string; month: string; instrumentClass: InstrumentClass; n: number }[],
  qualified: (cityCode: string, cls: InstrumentClass, month: string) => number | null,
): PlanCell[] {
  const cells = new Map<string, PlanCell>();
  for (const c of counts) {
    const key = `${c.cityCode}|${c.month}`;
    const cell = cells.get(key) ?? { cityCode: c.cityCode, month: c.month, instruments: 0, verifierDays: 0, classes: [] };
    cell.classes.push({ instrumentClass: c.instrumentClass, instruments: c.n, verifierDays: verifierDays(s, c.instrumentClass, c.n), qualifiedVerifiers: qualified(c.cityCode, c.instrumentClass, c.month) });
    cells.set(key, cell);
  }
  const order = (a: PlanClassLoad, b: PlanClassLoad) => INSTRUMENT_CLASSES.indexOf(a.instrumentClass) - INSTRUMENT_CLASSES.indexOf(b.instrumentClass);
  return [...cells.values()]
    .map((cell) => {
      const classes = [...cell.classes].sort(order);
      const instruments = classes.reduce((n, c) => n + c.instruments, 0);
      return { ...cell, classes, instruments, verifierDays: Math.round(classes.reduce((n, c) => n + c.verifierDays, 0) * 10) / 10 };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.cityCode.localeCompare(b.cityCode));
}
