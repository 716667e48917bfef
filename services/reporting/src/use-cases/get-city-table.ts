import { isProvinceWide, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { countMembers } from '../domain/figures';
import { alignedOf, type Range } from '../domain/period';
import { bucketId } from '../domain/rollup';
import { buildSummary, regionOf, type Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { reportRegion, summaryFor } from './report-scope';

/** One row per city of the province plus the province total; province-wide roles only. */
export async function getCityTable(deps: ReportDeps, who: Identity, range: Range): Promise<{ period: Range; rows: Summary[]; total: Summary }> {
  const province = reportRegion(deps, who, undefined);
  if (!isProvinceWide(who)) throw new ForbiddenError('The table of every city is for the provincial bureau; ask for your own city summary.');
  const cities = deps.regions().cities.map((c) => regionOf(deps.regions(), c.code)!);
  const aligned = alignedOf(range);
  if (aligned) {
    // One query for every city's bucket of the period (and the province's).
    const buckets = new Map((await deps.model.bucketsOfPeriod(aligned.key)).map((b) => [b.id, b]));
    const row = (r: Summary['region']) => {
      const b = buckets.get(bucketId(r.code, aligned.key));
      return buildSummary(r, range, b?.f ?? {}, b?.n ?? countMembers({}));
    };
    return { period: range, rows: cities.map(row), total: row(province) };
  }
  const [rows, total] = await Promise.all([Promise.all(cities.map((c) => summaryFor(deps, c, range))), summaryFor(deps, province, range)]);
  return { period: range, rows, total };
}
