import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, ForbiddenError, ValidationError } from '@metrodesk/errors';
import { isOpen, workOf, type AssignHow, type Step } from '../domain/case';
import { localDate } from '../domain/roster';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';
import { visibleCase } from './visible-case';
import { eligibleTarget } from './eligible-target';

/**
 * A manager assigns a request to a liaison of its city, or a liaison claims a queued one.
 * The person must be able to take it (account, activity, leave, category, pool, capacity);
 * qualifications play no part, whatever the category.
 */
export async function assignRequest(deps: AssignmentDeps, who: Identity, requestId: string, input: { liaisonId?: string; claim?: boolean }): Promise<Step> {
  const how: AssignHow = input.claim ? 'claim' : 'manual';
  if (how === 'claim') requireRole(who, 'liaison');
  else requireRole(who, 'city_manager', 'province_manager', 'admin');
  const liaisonId = how === 'claim' ? who.userId : input.liaisonId;
  if (!liaisonId) throw new ValidationError([{ path: 'liaisonId', message: 'required' }]);
  await visibleCase(deps, who, requestId);
  const liaison = await deps.liaisons.findById(liaisonId);
  if (!liaison || !canSee(who, { cityCode: liaison.cityCode })) {
    if (how === 'claim') throw new ForbiddenError('You are not on a liaison roster: ask your city manager to add you.');
    throw new ValidationError([{ path: 'liaisonId', message: 'no liaison with this id on a roster you manage' }]);
  }
  const at = deps.now?.() ?? new Date();
  const step = await commitStep(deps, requestId, async (current) => {
    const s = current!.state;
    if (!isOpen(s)) throw new ConflictError('request_not_open', `Request ${requestId} is ${s.status}; only open requests can be assigned.`);
    if (how === 'claim' && s.status !== 'queued') throw new ConflictError('not_in_queue', `Request ${requestId} is not in the unassigned queue; only queued requests can be claimed.`);
    if (s.assigneeId === liaisonId) throw new ConflictError('already_assigned', `Request ${requestId} is already assigned to ${liaison.name}.`);
    if (liaison.cityCode !== s.cityCode) throw new ForbiddenError(`${liaison.name} works for ${liaison.cityCode}, the request is held by ${s.cityCode}: transfer it instead.`);
    const view = await loadRosterView(deps, s.cityCode, localDate(at));
    const fresh = eligibleTarget(view, liaison, workOf(s), 'liaisonId', requestId);
    return placeWork(deps, current, s, { kind: 'assigned', liaison: fresh }, { at, by: who.userId, how, actor: actorFor(who) });
  });
  return step!;
}
