import type { Identity } from '@metrodesk/access';
import { monthsOf, type Range } from '../domain/period';
import type { Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { reportRegion, summaryFor } from './report-scope';

/** The region's figures month by month; the first and last months are clipped to the range. */
export function getMonthlySeries(deps: ReportDeps, who: Identity, q: { region?: string; range: Range }): { region: Summary['region']; period: Range; months: Summary[] } {
  const region = reportRegion(deps, who, q.region);
  const months = monthsOf(q.range).map((r) => summaryFor(deps, region, r));
  return { region, period: q.range, months };
}
