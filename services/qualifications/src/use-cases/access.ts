import { canSee, requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import { ForbiddenError, NotFoundError } from '@metrodesk/errors';
import type { QualificationFile } from '../domain/qualification';
import type { QualificationsDeps } from './ports';

/** The files a caller may read, as a filter: province all, a city role its city, an enterprise user its own staff. */
export type ReadScope = { cityCode?: string; 'employer.uscc'?: string };

/** Matches no file: an enterprise this service has not heard of from accounts yet employs nobody on file. */
const NO_EMPLOYER = '(enterprise not known yet)';

/**
 * Qualification files hold personal data. Bureau staff read them within their city, the province
 * and other services read all, and an enterprise user reads the files of its own staff: those
 * whose employer USCC is its enterprise's, learnt from accounts events.
 */
export async function readScope(deps: Pick<QualificationsDeps, 'enterprises'>, who: Identity): Promise<ReadScope> {
  requireRole(who, 'enterprise', 'liaison', 'city_manager', 'province_manager', 'admin', 'service');
  if (who.role !== 'enterprise') return scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' });
  const enterprise = await deps.enterprises.findById(who.enterpriseId!);
  return { 'employer.uscc': enterprise?.uscc ?? NO_EMPLOYER };
}

/**
 * The caller's scope narrowed by the filters a query asks for; null when they cannot overlap
 * (an enterprise user asking for another employer, a city role for another city).
 */
export function narrowScope(scope: ReadScope, asked: { cityCode?: string; employerUscc?: string }): ReadScope | null {
  const employer = asked.employerUscc?.toUpperCase();
  if (scope.cityCode !== undefined && asked.cityCode !== undefined && asked.cityCode !== scope.cityCode) return null;
  if (scope['employer.uscc'] !== undefined && employer !== undefined && employer !== scope['employer.uscc']) return null;
  return { ...(asked.cityCode ? { cityCode: asked.cityCode } : {}), ...scope };
}

export function inScope(scope: ReadScope, f: QualificationFile): boolean {
  if (scope.cityCode !== undefined && f.cityCode !== scope.cityCode) return false;
  if (scope['employer.uscc'] !== undefined && f.employer.uscc !== scope['employer.uscc']) return false;
  return true;
}

export function requireFiler(who: Identity): void {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
}

export function requireInCity(who: Identity, cityCode: string | null): void {
  if (!canSee(who, { cityCode: cityCode ?? undefined })) throw new ForbiddenError(`You can file qualifications only for employers in your own city (${who.cityCode}).`);
}

/** A file the caller may not see is reported as missing: existence must not leak. */
export async function visibleOrMissing(deps: Pick<QualificationsDeps, 'enterprises'>, who: Identity, f: QualificationFile | null, id: string): Promise<QualificationFile> {
  const scope = await readScope(deps, who);
  if (!f || !inScope(scope, f)) throw new NotFoundError('qualification_file', id);
  return f;
}
