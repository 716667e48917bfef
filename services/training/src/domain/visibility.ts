import type { Identity } from '@metrodesk/access';

/** Full ID numbers: the province, and the city manager of the city that organised the session. */
export function canSeeIdNumber(who: Identity, sessionCityCode: string): boolean {
  if (who.role === 'province_manager' || who.role === 'admin') return true;
  return who.role === 'city_manager' && who.cityCode === sessionCityCode;
}

/** Who organises training and records attendance (each within what canSee allows). */
export const ORGANISER_ROLES = ['liaison', 'city_manager', 'province_manager', 'admin'] as const;
