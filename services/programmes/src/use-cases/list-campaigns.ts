import { isProvinceWide, type Identity } from '@metrodesk/access';
import type { Campaign } from '../domain/campaign';
import { CITY_ROLES } from '../domain/access';
import type { CampaignFilter, ProgrammesDeps } from './ports';

/** The province sees every campaign; a city the campaigns it takes part in; enterprises none. */
export async function listCampaigns(deps: ProgrammesDeps, who: Identity, filter: CampaignFilter): Promise<Campaign[]> {
  if (isProvinceWide(who)) return deps.campaigns.list(filter);
  if (!(CITY_ROLES as readonly string[]).includes(who.role) || (filter.cityCode && filter.cityCode !== who.cityCode)) return [];
  return deps.campaigns.list({ ...filter, cityCode: who.cityCode });
}
