import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { isOpen, workOf, type Step } from '../domain/case';
import { bureausOf, localDate } from '../domain/roster';
import { route } from '../domain/routing';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';
import { visibleCase } from './visible-case';
import { eligibleTarget } from './eligible-target';

export interface TransferInput {
  toLiaisonId?: string;
  toCityCode?: string;
  reason: string;
}

/**
 * The one transfer path: moves a request to a named liaison, or to a bureau where it is
 * routed like a new filing and queued if nobody there can take it. Only the liaison holding
 * it or a manager over its city (city manager of that city, province, admin) may move it; the
 * target bureau must exist, and a named liaison must be on that bureau's roster and able to
 * take it now (account, activity, leave, category, pool, capacity).
 */
export async function transferRequest(deps: AssignmentDeps, who: Identity, requestId: string, input: TransferInput): Promise<Step> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin');
  if (!input.toLiaisonId && !input.toCityCode) throw new ValidationError([{ path: 'toLiaisonId', message: 'give the liaison or the bureau (toCityCode) to transfer to' }]);
  const known = await visibleCase(deps, who, requestId);
  if (who.role === 'liaison' && known.state.assigneeId !== who.userId) throw new ForbiddenError('Only the liaison holding a request, or a manager over its city, may transfer it.');
  const bureaus = new Map(bureausOf(deps.bureaus()).map((b) => [b.code, b]));
  if (input.toCityCode && !bureaus.has(input.toCityCode)) throw new ValidationError([{ path: 'toCityCode', message: `there is no bureau with region code ${input.toCityCode}` }]);
  const target = input.toLiaisonId ? await deps.liaisons.findById(input.toLiaisonId) : null;
  if (input.toLiaisonId) {
    if (!target) throw new ValidationError([{ path: 'toLiaisonId', message: 'no liaison with this id is on any roster' }]);
    if (!bureaus.has(target.cityCode)) throw new ValidationError([{ path: 'toLiaisonId', message: `${target.name} is not on the roster of a known bureau` }]);
    if (input.toCityCode && target.cityCode !== input.toCityCode) {
      throw new ValidationError([{ path: 'toLiaisonId', message: `${target.name} is on the roster of ${bureaus.get(target.cityCode)!.name}, not of ${bureaus.get(input.toCityCode)!.name}` }]);
    }
  }
  const at = deps.now?.() ?? new Date();
  const step = await commitStep(deps, requestId, async (current) => {
    const s = current!.state;
    if (!isOpen(s)) throw new ConflictError('request_not_open', `Request ${requestId} is ${s.status}; only open requests can be transferred.`);
    if (!canSee(who, { cityCode: s.cityCode })) throw new NotFoundError('request_assignment', requestId);
    if (who.role === 'liaison' && s.assigneeId !== who.userId) throw new ForbiddenError('Only the liaison holding a request, or a manager over its city, may transfer it.');
    const toCity = target?.cityCode ?? input.toCityCode!;
    if (target && s.assigneeId === target.userId) throw new ConflictError('already_assigned', `Request ${requestId} is already assigned to ${target.name}.`, { errors: [{ path: 'toLiaisonId', message: `${target.name} already holds it` }] });
    const view = await loadRosterView(deps, toCity, localDate(at));
    const moved = { ...s, cityCode: toCity };
    const transfer = { reason: input.reason, fromCityCode: s.cityCode };
    if (target) {
      const fresh = eligibleTarget(view, target, workOf(s), 'toLiaisonId', requestId);
      return placeWork(deps, current, moved, { kind: 'assigned', liaison: fresh }, { at, by: who.userId, how: 'manual', transfer, actor: actorFor(who) });
    }
    return placeWork(deps, current, moved, route(workOf(s), view, s.assigneeId ? [s.assigneeId] : []), { at, by: who.userId, how: 'manual', transfer, actor: actorFor(who) });
  });
  return step!;
}
