import { canSee, requireRole, scopeFilter, type Identity, type Role } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import type { Scope } from './ports';

/** Roles of the bureaus' own staff: they keep the CRM; enterprise users only read their own. */
export const BUREAU_ROLES: Role[] = ['liaison', 'city_manager', 'province_manager', 'admin'];

export function requireBureau(who: Identity): void {
  requireRole(who, ...BUREAU_ROLES);
}

export function scopeOf(who: Identity): Scope {
  const f = scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' });
  return { cityCode: f.cityCode, enterpriseId: f.enterpriseId };
}

export function requireCity(who: Identity, cityCode: string, doing: string): void {
  if (!canSee(who, { cityCode })) throw new ForbiddenError(`You can ${doing} only in your own city (${who.cityCode}).`);
}
