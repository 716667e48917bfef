import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import { calendarIdOf, isOpen, marksFor, targetOf, type Clock } from '../domain/clock';
import { reapply } from '../domain/transitions';
import type { SlaDeps } from './ports';
import { mutateClock } from './mutate-clock';
import { resolvePolicy } from './resolve-policy';

/** A manager moves a request's open clocks to the current policy version; timers follow. */
export async function reapplyPolicy(deps: SlaDeps, who: Identity, requestId: string): Promise<Clock[]> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const clocks = await deps.clocks.findByRequest(requestId);
  const first = clocks[0];
  if (!first || !canSee(who, { cityCode: first.cityCode, enterpriseId: first.enterpriseId })) throw new NotFoundError('request_clocks', requestId);
  const policy = await resolvePolicy(deps, first.category, first.priority);
  for (const c of clocks.filter(isOpen)) {
    const cal = await deps.calendarFor(calendarIdOf(c.kind, policy));
    await mutateClock(deps, c.id, (current) => reapply(current, { policyId: policy.id, policyVersion: policy.version, ...targetOf(c.kind, policy), marks: marksFor(c.kind, policy) }, cal));
  }
  return deps.clocks.findByRequest(requestId);
}
