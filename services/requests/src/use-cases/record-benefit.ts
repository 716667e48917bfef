import { actorFor, type Identity } from '@metrodesk/access';
import { ForbiddenError, VersionConflictError } from '@metrodesk/errors';
import { currentContext } from '@metrodesk/logger';
import { decideBenefit, type BenefitInput } from '../domain/benefit';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { getRequest } from './get-request';
import { benefitEvent } from './request-events';

const BUREAU = ['liaison', 'city_manager', 'province_manager', 'admin'];

/**
 * Records what a resolved request brought the enterprise (any bureau staff who can see the
 * request: the benefit is often learnt later, by whoever calls the enterprise). Guarded by the
 * request's `version`; the record, its history line and its event are one write, and the same
 * values again change nothing.
 */
export async function recordBenefit(deps: RequestsDeps, who: Identity, id: string, version: number, input: BenefitInput): Promise<ServiceRequest> {
  const current = await getRequest(deps, who, id);
  if (!BUREAU.includes(who.role)) throw new ForbiddenError('Only bureau staff record a benefit and commendations.');
  if (current.version !== version) throw new VersionConflictError('request', id, version, current.version);
  const at = deps.now?.() ?? new Date();
  const d = decideBenefit(current, input, who, at);
  if (!d.changed) return current;
  const next = { ...d.next, version: version + 1 };
  const saved = await deps.requests.save(next, version, { history: [d.history] }, [benefitEvent(next, who.userId, at, currentContext().correlationId, actorFor(who))]);
  return saved;
}
