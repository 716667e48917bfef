import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Liaison } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

export async function getLiaison(deps: AssignmentDeps, who: Identity, userId: string): Promise<Liaison> {
  requireRole(who, ...STAFF);
  const l = await deps.liaisons.findById(userId);
  if (!l || !canSee(who, { cityCode: l.cityCode })) throw new NotFoundError('liaison', userId);
  return l;
}
