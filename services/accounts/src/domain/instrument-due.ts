import { createHash } from 'node:crypto';
import type { Instrument, InstrumentClass } from './instrument';
import { addDays } from './outreach';

/** How many days ahead an instrument counts as falling due: one default, and per class where a class needs longer to plan. */
export interface DueSettings {
  defaultDays: number;
  byClass: Partial<Record<InstrumentClass, number>>;
}

export const horizonDays = (s: DueSettings, c: InstrumentClass) => s.byClass[c] ?? s.defaultDays;

/** The latest due day any class can reach on this run day: what the scan reads up to. */
export const scanUntil = (s: DueSettings, runDate: string) => addDays(runDate, Math.max(s.defaultDays, ...Object.values(s.byClass)));

/** In use and due within its class's horizon, or already overdue. */
export const isDue = (i: Instrument, s: DueSettings, runDate: string) => i.status === 'in_use' && i.nextDueOn <= addDays(runDate, horizonDays(s, i.instrumentClass));

export interface DueBatch {
  enterpriseId: string;
  cityCode: string;
  runDate: string;
  instruments: Instrument[];
}

/** The due instruments of a run, one batch per enterprise, each soonest due first. */
export function dueBatches(instruments: Iterable<Instrument>, s: DueSettings, runDate: string): DueBatch[] {
  const batches = new Map<string, DueBatch>();
  for (const i of instruments) {
    if (!isDue(i, s, runDate)) continue;
    const b = batches.get(i.enterpriseId) ?? { enterpriseId: i.enterpriseId, cityCode: i.cityCode, runDate, instruments: [] };
    b.instruments.push(i);
    batches.set(i.enterpriseId, b);
  }
  const order = (a: Instrument, b: Instrument) => a.nextDueOn.localeCompare(b.nextDueOn) || a.serialNo.localeCompare(b.serialNo);
  return [...batches.values()].map((b) => ({ ...b, instruments: b.instruments.sort(order) })).sort((a, b) => a.enterpriseId.localeCompare(b.enterpriseId));
}

/** One run per enterprise per day: the key its record and its event are stored under. */
export const dueRunKey = (b: Pick<DueBatch, 'enterpriseId' | 'runDate'>) => `${b.runDate}:${b.enterpriseId}`;

/**
 * A name-based UUID (RFC 9562 version 5 layout over SHA-1), so the same name always gives the
 * same id: a rerun of an enterprise's day publishes an event consumers already recorded.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = 0x50 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const dueEventId = (b: Pick<DueBatch, 'enterpriseId' | 'runDate'>) => nameBasedUuid(`accounts.instruments.due:${dueRunKey(b)}`);

/** A city's overdue compulsory instruments on a run day, by enterprise (most overdue first). */
export interface CityOverdue {
  cityCode: string;
  runDate: string;
  count: number;
  enterprises: { enterpriseId: string; count: number; oldestDueOn: string }[];
}

/** The cities with compulsory instruments past due, from the day's batches (each soonest due first). */
export function overdueCompulsoryByCity(batches: DueBatch[], runDate: string): CityOverdue[] {
  const cities = new Map<string, CityOverdue>();
  for (const b of batches) {
    const overdue = b.instruments.filter((i) => i.compulsory && i.nextDueOn < runDate);
    if (overdue.length === 0) continue;
    const city = cities.get(b.cityCode) ?? { cityCode: b.cityCode, runDate, count: 0, enterprises: [] };
    city.count += overdue.length;
    city.enterprises.push({ enterpriseId: b.enterpriseId, count: overdue.length, oldestDueOn: overdue[0]!.nextDueOn });
    cities.set(b.cityCode, city);
  }
  const byAge = (a: CityOverdue['enterprises'][number], b: CityOverdue['enterprises'][number]) => a.oldestDueOn.localeCompare(b.oldestDueOn) || a.enterpriseId.localeCompare(b.enterpriseId);
  return [...cities.values()].map((c) => ({ ...c, enterprises: c.enterprises.sort(byAge) })).sort((a, b) => a.cityCode.localeCompare(b.cityCode));
}

/** One overdue fact per city per day: the key its record is stored under, and its event id. */
export const cityOverdueKey = (c: Pick<CityOverdue, 'cityCode' | 'runDate'>) => `${c.runDate}:city:${c.cityCode}`;
export const cityOverdueEventId = (c: Pick<CityOverdue, 'cityCode' | 'runDate'>) => nameBasedUuid(`accounts.instruments.overdue-compulsory:${cityOverdueKey(c)}`);
