import type { Identity } from '@metrodesk/access';
import type { Range } from '../domain/period';
import type { Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { reportRegion, summaryFor } from './report-scope';

export function getSummary(deps: ReportDeps, who: Identity, q: { region?: string; range: Range }): Summary {
  return summaryFor(deps, reportRegion(deps, who, q.region), q.range);
}
