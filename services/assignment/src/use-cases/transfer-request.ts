import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { isOpen, workOf, type Step } from '../domain/case';
import { localDate } from '../domain/roster';
import { eligibility, route } from '../domain/routing';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';
import { visibleCase } from './visible-case';

export interface TransferInput {
  toLiaisonId?: string;
  toCityCode?: string;
  reason: string;
}

/**
 * Moves a request to a named liaison (of any city) or to another city's bureau, where it is
 * routed like a new filing and queued if nobody there can take it. The holder or a manager
 * of the request's city may transfer it.
 */
export async function transferRequest(deps: AssignmentDeps, who: Identity, requestId: string, input: TransferInput): Promise<Step> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin');
  if (!input.toLiaisonId === !input.toCityCode) throw new ValidationError([{ path: 'toLiaisonId', message: 'give exactly one of toLiaisonId and toCityCode' }]);
  const known = await visibleCase(deps, who, requestId);
  if (who.role === 'liaison' && known.state.assigneeId !== who.userId) throw new ForbiddenError('Only the liaison holding a request, or a manager, may transfer it.');
  if (input.toCityCode && !deps.bureaus().cities.some((c) => c.code === input.toCityCode) && deps.bureaus().province.code !== input.toCityCode) {
    throw new ValidationError([{ path: 'toCityCode', message: `unknown bureau ${input.toCityCode}` }]);
  }
  const target = input.toLiaisonId ? await deps.liaisons.findById(input.toLiaisonId) : null;
  if (input.toLiaisonId && !target) throw new NotFoundError('liaison', input.toLiaisonId);
  const at = deps.now?.() ?? new Date();
  const step = await commitStep(deps, requestId, async (current) => {
    const s = current!.state;
    if (!isOpen(s)) throw new ConflictError('request_not_open', `Request ${requestId} is ${s.status}; only open requests can be transferred.`);
    if (!canSee(who, { cityCode: s.cityCode })) throw new NotFoundError('request_assignment', requestId);
    const toCity = target?.cityCode ?? input.toCityCode!;
    if (target && s.assigneeId === target.userId) throw new ConflictError('already_assigned', `Request ${requestId} is already assigned to ${target.userId}.`);
    const view = await loadRosterView(deps, toCity, localDate(at));
    const moved = { ...s, cityCode: toCity };
    const transfer = { reason: input.reason, fromCityCode: s.cityCode };
    if (target) {
      const fresh = view.liaisons.find((l) => l.userId === target.userId) ?? target;
      const e = eligibility(fresh, workOf(s), view);
      if (!e.ok) throw new ConflictError('not_eligible', `${target.userId} cannot take request ${requestId}: ${e.reason}`);
      return placeWork(deps, current, moved, { kind: 'assigned', liaison: fresh, warnings: e.warnings }, { at, by: who.userId, how: 'manual', transfer });
    }
    return placeWork(deps, current, moved, route(workOf(s), view, s.assigneeId ? [s.assigneeId] : []), { at, by: who.userId, how: 'manual', transfer });
  });
  return step!;
}
