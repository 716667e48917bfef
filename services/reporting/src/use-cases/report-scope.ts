import { canSee, isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError, ValidationError } from '@metrodesk/errors';
import { sumFigures, unionMembers, countMembers } from '../domain/figures';
import { alignedOf, decompose, type Range } from '../domain/period';
import { bucketId } from '../domain/rollup';
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

/**
 * A region's summary for a range: one pre-aggregated bucket when the range is a whole day,
 * month, quarter or year; otherwise the few aligned buckets that tile the range, with the
 * distinct counts taken from the union of their member sets.
 */
export async function summaryFor(deps: ReportDeps, region: Summary['region'], range: Range): Promise<Summary> {
  const aligned = alignedOf(range);
  if (aligned) {
    const b = await deps.model.bucket(bucketId(region.code, aligned.key));
    return buildSummary(region, range, b?.f ?? {}, b?.n ?? countMembers({}));
  }
  const pieces = decompose(range);
  const ids = pieces.map((p) => bucketId(region.code, p.key));
  // Member sets are kept per city only, so the province's distinct counts union its cities'.
  const scopes = region.level === 'province' ? deps.regions().cities.map((c) => c.code) : [region.code];
  const setIds = scopes.flatMap((scope) => pieces.map((p) => bucketId(scope, p.key)));
  const [buckets, members] = await Promise.all([Promise.all(ids.map((id) => deps.model.bucket(id))), Promise.all(setIds.map((id) => deps.model.members(id)))]);
  return buildSummary(region, range, sumFigures(buckets.map((b) => b?.f ?? {})), countMembers(unionMembers(members)));
}
