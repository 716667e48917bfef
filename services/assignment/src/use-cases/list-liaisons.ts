import { requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import type { Liaison } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

export async function listLiaisons(deps: AssignmentDeps, who: Identity, cityCode?: string): Promise<Liaison[]> {
  requireRole(who, ...STAFF);
  const own = scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }).cityCode;
  // Asking for another city than one's own gives an empty roster, not someone else's.
  if (own && cityCode && cityCode !== own) return [];
  return deps.liaisons.all(own ?? cityCode);
}
