import { isProvinceWide, type Identity } from '@metrodesk/access';
import type { Campaign } from './campaign';

/** City roles record their own city's activities; the province and admins see every city. */
export const CITY_ROLES = ['liaison', 'city_manager'] as const;

/** A campaign is visible to the province and to the cities that organise it or take part. */
export function canSeeCampaign(who: Identity, c: Pick<Campaign, 'organiser' | 'cityCodes'>): boolean {
  if (isProvinceWide(who)) return true;
  if (who.role !== 'liaison' && who.role !== 'city_manager') return false;
  return c.cityCodes.includes(who.cityCode!) || c.organiser.code === who.cityCode;
}

/** Who may record (or correct) an activity of this city: that city's liaisons and managers, and admins. */
export function canRecordFor(who: Identity, cityCode: string): boolean {
  if (who.role === 'admin') return true;
  return (who.role === 'liaison' || who.role === 'city_manager') && who.cityCode === cityCode;
}
