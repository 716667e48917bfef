import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';

/** The city a manager-facing list covers: a city role only ever sees its own city. */
export function cityScope(who: Identity, asked: string | undefined): string | undefined {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin', 'service');
  if (isProvinceWide(who)) return asked;
  if (asked && asked !== who.cityCode) throw new ForbiddenError(`You can see only your own city (${who.cityCode}).`);
  return who.cityCode;
}
