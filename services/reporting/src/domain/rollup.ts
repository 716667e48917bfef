import { parentPeriod, periodFromKey, type AlignedPeriod, type Level } from './period';

/**
 * Read-model buckets: one per (scope, period), where scope is a city code or the province
 * code and period a day, month, quarter or year. A city's day is summed from the facts'
 * contributions; a city's month from its days, quarter from months, year from quarters; the
 * province's bucket for a period from its cities' buckets for the same period. Each bucket
 * is recomputed from the level below (never incremented), so recomputing twice, late or out
 * of order gives the same result.
 */
export const bucketId = (scope: string, periodKey: string) => `${scope}|${periodKey}`;

export function splitBucketId(id: string): { scope: string; period: AlignedPeriod } {
  const [scope, key] = id.split('|') as [string, string];
  return { scope, period: periodFromKey(key) };
}

const LEVELS: Level[] = ['D', 'M', 'Q', 'Y'];

/** Lower ranks are recomputed first so one pass carries a change all the way up. */
export function rankOf(level: Level, isProvince: boolean): number {
  return LEVELS.indexOf(level) * 2 + (isProvince ? 1 : 0);
}

/** Buckets to recompute after this one changed. */
export function parentsOf(id: string, provinceCode: string): string[] {
  const { scope, period } = splitBucketId(id);
  if (scope === provinceCode) return [];
  const up = parentPeriod(period);
  return [bucketId(provinceCode, period.key), ...(up ? [bucketId(scope, up.key)] : [])];
}

/** The bucket id a city bucket sits in one level up (stored so children are found by equality). */
export function parentIdOf(id: string): string | null {
  const { scope, period } = splitBucketId(id);
  const up = parentPeriod(period);
  return up ? bucketId(scope, up.key) : null;
}
