import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { CaseState } from '../domain/case';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

/** A city's unassigned queue, oldest first. */
export async function listQueue(deps: AssignmentDeps, who: Identity, cityCode: string): Promise<CaseState[]> {
  requireRole(who, ...STAFF);
  if (!canSee(who, { cityCode })) throw new NotFoundError('bureau', cityCode);
  return (await deps.cases.openInCity(cityCode)).filter((s) => s.status === 'queued');
}
