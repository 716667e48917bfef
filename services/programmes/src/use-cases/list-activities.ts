import { isProvinceWide, type Identity } from '@metrodesk/access';
import type { Activity } from '../domain/activity';
import { CITY_ROLES } from '../domain/access';
import type { ActivityFilter, ProgrammesDeps } from './ports';

/** Activities in the caller's scope: the province every city's, a city its own, enterprises none. */
export async function listActivities(deps: ProgrammesDeps, who: Identity, filter: ActivityFilter, limit: number): Promise<Activity[]> {
  if (isProvinceWide(who)) return deps.activities.list(filter, limit);
  if (!(CITY_ROLES as readonly string[]).includes(who.role) || (filter.cityCode && filter.cityCode !== who.cityCode)) return [];
  return deps.activities.list({ ...filter, cityCode: who.cityCode }, limit);
}
