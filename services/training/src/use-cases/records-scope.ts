import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ORGANISER_ROLES } from '../domain/visibility';
import type { Enrolment } from '../domain/enrolment';
import type { TrainingDeps } from './ports';

/** Which people's training records a caller may read: the province all, a city role its city's sessions, an enterprise user its own staff. */
export type RecordsScope = { cityCode?: string; employerUscc?: string };

/**
 * The caller's scope, or null for an enterprise user whose enterprise accounts has not told this
 * service about yet (it employs nobody on record). Staff are matched by employer USCC, which the
 * employer projection ties to the identity's enterprise id.
 */
export async function recordsScope(deps: Pick<TrainingDeps, 'employers'>, who: Identity): Promise<RecordsScope | null> {
  if (isProvinceWide(who)) return {};
  if (who.role === 'enterprise') {
    const employer = await deps.employers.findByEnterpriseId(who.enterpriseId!);
    return employer ? { employerUscc: employer.uscc } : null;
  }
  requireRole(who, ...ORGANISER_ROLES);
  return { cityCode: who.cityCode };
}

export function inRecordsScope(scope: RecordsScope | null, e: Pick<Enrolment, 'cityCode' | 'employerUscc'>): boolean {
  if (!scope) return false;
  return (scope.cityCode === undefined || scope.cityCode === e.cityCode) && (scope.employerUscc === undefined || scope.employerUscc === e.employerUscc);
}
