import { isProvinceWide, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import type { Range } from '../domain/period';
import { regionOf, type Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { reportRegion, summaryFor } from './report-scope';

/** One row per city of the province plus the province total; province-wide roles only. */
export function getCityTable(deps: ReportDeps, who: Identity, range: Range): { period: Range; rows: Summary[]; total: Summary } {
  const province = reportRegion(deps, who, undefined);
  if (!isProvinceWide(who)) throw new ForbiddenError('The table of every city is for the provincial bureau; ask for your own city summary.');
  const rows = deps.regions().cities.map((c) => summaryFor(deps, regionOf(deps.regions(), c.code)!, range));
  return { period: range, rows, total: summaryFor(deps, province, range) };
}
