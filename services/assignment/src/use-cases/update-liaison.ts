import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Category, Liaison } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { reassignOpenWork } from './reassign-open-work';

export interface UpdateLiaisonInput {
  version: number;
  name?: string;
  categories?: Category[];
  capacity?: number;
  active?: boolean;
}

/** Changes a roster entry; taking someone off the roster hands their open work to others. */
export async function updateLiaison(deps: AssignmentDeps, who: Identity, userId: string, input: UpdateLiaisonInput): Promise<{ liaison: Liaison; reassigned: { moved: number; queued: number } | null }> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const existing = await deps.liaisons.findById(userId);
  if (!existing || !canSee(who, { cityCode: existing.cityCode })) throw new NotFoundError('liaison', userId);
  const { version, ...changes } = input;
  if (changes.categories) changes.categories = [...new Set(changes.categories)];
  const liaison = await deps.liaisons.update(userId, version, changes, deps.now?.() ?? new Date());
  deps.rosterCache?.invalidate(liaison.cityCode);
  const reassigned = existing.active && !liaison.active ? await reassignOpenWork(deps, userId, who.userId) : null;
  return { liaison, reassigned };
}
