import { requireRole, type Identity } from '@metrodesk/access';
import type { RegionData } from '../domain/enterprise';
import { checkRegionData } from '../domain/regions';
import type { AccountsDeps } from './ports';

/** Loads another region list (another province, or new districts) without a release. */
export async function replaceRegions(deps: AccountsDeps, who: Identity, data: RegionData): Promise<RegionData> {
  requireRole(who, 'admin');
  await deps.regions.replace(checkRegionData(data), who.userId);
  return data;
}
