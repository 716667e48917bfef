import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { localDate, onLeave, type Liaison } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { reassignOpenWork } from './reassign-open-work';

/**
 * Records a leave period. A leave that has begun hands the liaison's open work to others
 * at once; a later one keeps them out of routing from its first day, and a rebalance then
 * moves what they still hold.
 */
export async function addLeave(deps: AssignmentDeps, who: Identity, userId: string, input: { version: number; from: string; to: string; reason?: string | null }): Promise<{ liaison: Liaison; reassigned: { moved: number; queued: number } | null }> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin');
  if (input.to < input.from) throw new ValidationError([{ path: 'to', message: 'must not be before from' }]);
  const existing = await deps.liaisons.findById(userId);
  if (!existing || !canSee(who, { cityCode: existing.cityCode })) throw new NotFoundError('liaison', userId);
  if (who.role === 'liaison' && who.userId !== userId) throw new ForbiddenError('A liaison may record only their own leave.');
  const now = deps.now?.() ?? new Date();
  const leaves = [...existing.leaves, { id: uuidv7(now.getTime()), from: input.from, to: input.to, reason: input.reason ?? null }];
  const liaison = await deps.liaisons.update(userId, input.version, { leaves }, now);
  deps.rosterCache?.invalidate(liaison.cityCode);
  const reassigned = onLeave(liaison, localDate(now)) ? await reassignOpenWork(deps, userId, who.userId) : null;
  return { liaison, reassigned };
}
