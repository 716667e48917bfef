import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { RoutingRules } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

export async function getRules(deps: AssignmentDeps, who: Identity, cityCode: string): Promise<RoutingRules> {
  requireRole(who, ...STAFF);
  if (!canSee(who, { cityCode })) throw new NotFoundError('rules', cityCode);
  return deps.rules.get(cityCode);
}
