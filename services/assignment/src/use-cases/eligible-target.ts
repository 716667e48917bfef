import { ConflictError } from '@metrodesk/errors';
import type { Liaison } from '../domain/roster';
import { canTake, type RosterView, type Work } from '../domain/routing';

/**
 * The named liaison as the city's roster has them now, if they can take the work; otherwise
 * a 409 that names the request field and says why in words.
 */
export function eligibleTarget(view: RosterView, liaison: Liaison, work: Work, field: string, requestId: string): Liaison {
  const fresh = view.liaisons.find((l) => l.userId === liaison.userId) ?? liaison;
  const e = canTake(fresh, work, view);
  if (!e.ok) throw new ConflictError('not_eligible', `${fresh.name} cannot take request ${requestId}: ${e.reason}.`, { errors: [{ path: field, message: e.reason }], why: e.why });
  return fresh;
}
