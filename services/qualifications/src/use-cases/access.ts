import { canSee, requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import { ForbiddenError, NotFoundError } from '@metrodesk/errors';
import type { QualificationFile } from '../domain/qualification';

/**
 * Qualification files hold personal data: bureau staff read them within their city, the
 * province and other services read all; enterprise users are not given the archive (files
 * are keyed by employer USCC, which this service cannot tie to their enterprise id).
 */
export function readScope(who: Identity): Record<string, string> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin', 'service');
  return scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' });
}

export function requireFiler(who: Identity): void {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
}

export function requireInCity(who: Identity, cityCode: string | null): void {
  if (!canSee(who, { cityCode: cityCode ?? undefined })) throw new ForbiddenError(`You can file qualifications only for employers in your own city (${who.cityCode}).`);
}

/** A file the caller may not see is reported as missing: existence must not leak. */
export function visibleOrMissing(who: Identity, f: QualificationFile | null, id: string): QualificationFile {
  readScope(who);
  if (!f || !canSee(who, { cityCode: f.cityCode ?? undefined })) throw new NotFoundError('qualification_file', id);
  return f;
}
