import { periodFromKey, type AlignedPeriod } from './period';

/**
 * A bucket is one (scope, period): scope a city code or the province code, period a day,
 * month, quarter or year (see Cube for how they are summed).
 */
export const bucketId = (scope: string, periodKey: string) => `${scope}|${periodKey}`;

export function splitBucketId(id: string): { scope: string; period: AlignedPeriod } {
  const [scope, key] = id.split('|') as [string, string];
  return { scope, period: periodFromKey(key) };
}
