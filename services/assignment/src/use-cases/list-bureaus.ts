import { requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import { bureausOf, type Bureau } from '../domain/roster';
import type { AssignmentDeps } from './ports';

export const STAFF = ['liaison', 'city_manager', 'province_manager', 'admin', 'service'] as const;

/** The bureaus in the caller's scope, each with the managers escalations go to. */
export async function listBureaus(deps: AssignmentDeps, who: Identity): Promise<(Bureau & { managerIds: string[] })[]> {
  requireRole(who, ...STAFF);
  const scope = scopeFilter(who, { city: 'code', enterprise: 'enterpriseId' });
  const all = bureausOf(deps.bureaus()).filter((b) => !scope.code || b.code === scope.code);
  return Promise.all(all.map(async (b) => ({ ...b, managerIds: await deps.users.managers(b.level === 'city' ? b.code : null) })));
}
