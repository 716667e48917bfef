import { canSee, isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError, ValidationError } from '@metrodesk/errors';
import type { Range } from '../domain/period';
import { buildSummary, regionOf, type Summary } from '../domain/report';
import type { ReportDeps } from './ports';

/**
 * Which region the caller may report on: province-wide roles anything, city managers and
 * liaisons their own city only; enterprise users no figures at all.
 */
export function reportRegion(deps: ReportDeps, who: Identity, region: string | undefined): Summary['region'] {
  requireRole(who, 'province_manager', 'admin', 'service', 'city_manager', 'liaison');
  const regions = deps.regions();
  const code = region ?? (isProvinceWide(who) ? regions.province.code : who.cityCode!);
  const found = regionOf(regions, code);
  if (!found) throw new ValidationError([{ path: 'query.region', message: `unknown region ${code}: give the province (${regions.province.code}) or one of its cities` }]);
  if (found.level === 'province' && !isProvinceWide(who)) throw new ForbiddenError('Province-wide figures are for the provincial bureau; ask for your own city.');
  if (found.level === 'city' && !canSee(who, { cityCode: code })) throw new ForbiddenError(`You can see figures for your own city (${who.cityCode}) only.`);
  return found;
}

/** A region's summary for a range: any range, tiled from pre-aggregated buckets in memory. */
export function summaryFor(deps: ReportDeps, region: Summary['region'], range: Range): Summary {
  const { f, n } = deps.model.figures(region.code, range);
  return buildSummary(region, range, f, n);
}
