import { addDays } from './outreach';
import type { InstrumentClass } from './instrument';

/** The registry's counts for one city and instrument class. */
export interface FigureCounts {
  /** Not scrapped. */
  registered: number;
  /** In use and due from today through the horizon. */
  dueSoon: number;
  /** In use and past due. */
  overdue: number;
  overdueCompulsory: number;
  /** Verifications in the period that answered their due day in time, or late. Superseded ones are not counted. */
  verifiedOnTime: number;
  verifiedLate: number;
}
export type FigureField = keyof FigureCounts;
export const FIGURE_FIELDS: FigureField[] = ['registered', 'dueSoon', 'overdue', 'overdueCompulsory', 'verifiedOnTime', 'verifiedLate'];

export interface FigureRow extends FigureCounts {
  cityCode: string;
  instrumentClass: InstrumentClass;
}

/** A count the repository found, to be added to its city and class. */
export interface FigurePart {
  cityCode: string;
  instrumentClass: InstrumentClass;
  field: FigureField;
  n: number;
}

const zero = (): FigureCounts => ({ registered: 0, dueSoon: 0, overdue: 0, overdueCompulsory: 0, verifiedOnTime: 0, verifiedLate: 0 });

/** One row per city and class that has any count, by city then class. */
export function figureRows(parts: Iterable<FigurePart>): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  for (const p of parts) {
    const key = `${p.cityCode}|${p.instrumentClass}`;
    const row = rows.get(key) ?? { cityCode: p.cityCode, instrumentClass: p.instrumentClass, ...zero() };
    row[p.field] += p.n;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.cityCode.localeCompare(b.cityCode) || a.instrumentClass.localeCompare(b.instrumentClass));
}

export function figureTotals(rows: FigureCounts[]): FigureCounts {
  const t = zero();
  for (const r of rows) for (const f of FIGURE_FIELDS) t[f] += r[f];
  return t;
}

/** The last day an instrument counts as due soon: today plus the horizon. */
export const dueSoonUntil = (today: string, horizonDays: number) => addDays(today, horizonDays);
